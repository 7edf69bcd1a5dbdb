-- The business catalog (SPEC §3.2, thesis 3.1.2: query = 1, transact = 2, data package = 2.1 ...) as
-- data: every node has a hierarchical code, a name, what it does and how a subscriber reaches it (a
-- menu key, keywords). kind BRANCH answers the list of its children; QUERY runs the carrier query named
-- by action; ORDER submits a transaction of order kind action with product_code (and amount_fen for a
-- recharge). Read only by business.catalog.CatalogService.

CREATE TABLE biz_catalog (
    code          VARCHAR(16)  NOT NULL,
    parent_code   VARCHAR(16)  NULL,
    position      INT          NOT NULL,
    name          VARCHAR(40)  NOT NULL,
    kind          VARCHAR(8)   NOT NULL,
    action        VARCHAR(32)  NULL,
    product_code  VARCHAR(32)  NULL,
    amount_fen    BIGINT       NOT NULL DEFAULT 0,
    menu_key      VARCHAR(64)  NULL,
    description   VARCHAR(200) NULL,
    PRIMARY KEY (code),
    UNIQUE KEY uk_biz_catalog_menu_key (menu_key),
    KEY ix_biz_catalog_parent (parent_code, position),
    CONSTRAINT ck_biz_catalog_kind CHECK (kind IN ('BRANCH', 'QUERY', 'ORDER'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A keyword reaches one node when a subscriber's whole text equals it (case and surrounding blanks
-- ignored); texts that merely contain it are left to the keyword auto-reply.
CREATE TABLE biz_catalog_keyword (
    keyword       VARCHAR(30)  NOT NULL,
    code          VARCHAR(16)  NOT NULL,
    PRIMARY KEY (keyword),
    KEY ix_biz_catalog_keyword_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO biz_catalog (code, parent_code, position, name, kind, action, product_code, amount_fen, menu_key, description) VALUES
('1',     NULL,  1, '业务查询',        'BRANCH', NULL,                NULL,              0, 'BIZ_QUERY',          NULL),
('1.1',   '1',   1, '账单查询',        'BRANCH', NULL,                NULL,              0, 'QUERY_BILL',         NULL),
('1.1.1', '1.1', 1, '今日账单',        'QUERY',  'BILL_DAILY',        NULL,              0, 'QUERY_BILL_TODAY',   NULL),
('1.1.2', '1.1', 2, '本月账单明细',    'QUERY',  'BILL_MONTHLY',      NULL,              0, 'QUERY_BILL_MONTH',   NULL),
('1.2',   '1',   2, '流量查询',        'QUERY',  'DATA_USAGE',        NULL,              0, 'QUERY_DATA',         NULL),
('1.3',   '1',   3, '套餐余量',        'QUERY',  'PACKAGE_REMAINING', NULL,              0, 'QUERY_PACKAGE',      NULL),
('1.4',   '1',   4, '积分查询',        'QUERY',  'POINTS',            NULL,              0, 'QUERY_POINTS',       NULL),
('2',     NULL,  2, '业务办理',        'BRANCH', NULL,                NULL,              0, 'BIZ_TRANSACT',       NULL),
('2.1',   '2',   1, '流量包',          'BRANCH', NULL,                NULL,              0, 'ORDER_DATA',         NULL),
('2.1.1', '2.1', 1, '100MB月包',       'ORDER',  'DATA_PACKAGE',      'DATA_M_100M',     0, 'ORDER_DATA_M_100M',  '5元/月'),
('2.1.2', '2.1', 2, '500MB月包',       'ORDER',  'DATA_PACKAGE',      'DATA_M_500M',     0, 'ORDER_DATA_M_500M',  '20元/月'),
('2.1.3', '2.1', 3, '1GB月包',         'ORDER',  'DATA_PACKAGE',      'DATA_M_1G',       0, 'ORDER_DATA_M_1G',    '30元/月'),
('2.1.4', '2.1', 4, '3GB季包',         'ORDER',  'DATA_PACKAGE',      'DATA_Q_3G',       0, 'ORDER_DATA_Q_3G',    '70元/季'),
('2.1.5', '2.1', 5, '2GB夜间包',       'ORDER',  'DATA_PACKAGE',      'DATA_S_NIGHT_2G', 0, 'ORDER_DATA_NIGHT_2G', '10元'),
('2.2',   '2',   2, '短彩信包',        'BRANCH', NULL,                NULL,              0, 'ORDER_SMS',          NULL),
('2.2.1', '2.2', 1, '100条短信包',     'ORDER',  'SMS_PACKAGE',       'SMS_100',         0, 'ORDER_SMS_100',      '10元'),
('2.2.2', '2.2', 2, '50条彩信包',      'ORDER',  'SMS_PACKAGE',       'MMS_50',          0, 'ORDER_MMS_50',       '10元'),
('2.3',   '2',   3, 'WLAN包',          'BRANCH', NULL,                NULL,              0, 'ORDER_WLAN',         NULL),
('2.3.1', '2.3', 1, 'WLAN 10小时',     'ORDER',  'WLAN_PACKAGE',      'WLAN_10H',        0, 'ORDER_WLAN_10H',     '5元'),
('2.3.2', '2.3', 2, 'WLAN 50小时',     'ORDER',  'WLAN_PACKAGE',      'WLAN_50H',        0, 'ORDER_WLAN_50H',     '20元'),
('2.4',   '2',   4, '主套餐变更',      'BRANCH', NULL,                NULL,              0, 'ORDER_PLAN',         NULL),
('2.4.1', '2.4', 1, '58元套餐',        'ORDER',  'MAIN_PLAN',         'PLAN_58',         0, 'ORDER_PLAN_58',      '次月生效'),
('2.4.2', '2.4', 2, '88元套餐',        'ORDER',  'MAIN_PLAN',         'PLAN_88',         0, 'ORDER_PLAN_88',      '次月生效'),
('2.4.3', '2.4', 3, '128元套餐',       'ORDER',  'MAIN_PLAN',         'PLAN_128',        0, 'ORDER_PLAN_128',     '次月生效'),
('2.5',   '2',   5, '充值缴费',        'BRANCH', NULL,                NULL,              0, 'ORDER_RECHARGE',     NULL),
('2.5.1', '2.5', 1, '充值30元',        'ORDER',  'RECHARGE',          'RECHARGE',     3000, 'ORDER_RECHARGE_30',  NULL),
('2.5.2', '2.5', 2, '充值50元',        'ORDER',  'RECHARGE',          'RECHARGE',     5000, 'ORDER_RECHARGE_50',  NULL),
('2.5.3', '2.5', 3, '充值100元',       'ORDER',  'RECHARGE',          'RECHARGE',    10000, 'ORDER_RECHARGE_100', NULL);

INSERT INTO biz_catalog_keyword (keyword, code) VALUES
('查询', '1'), ('业务查询', '1'),
('账单', '1.1'), ('话费', '1.1'), ('查话费', '1.1'), ('账单查询', '1.1'),
('今日账单', '1.1.1'), ('今日话费', '1.1.1'), ('日账单', '1.1.1'),
('月账单', '1.1.2'), ('本月账单', '1.1.2'), ('账单明细', '1.1.2'), ('话费明细', '1.1.2'),
('流量', '1.2'), ('查流量', '1.2'), ('流量查询', '1.2'),
('套餐', '1.3'), ('余量', '1.3'), ('套餐余量', '1.3'), ('查套餐', '1.3'),
('积分', '1.4'), ('查积分', '1.4'), ('积分查询', '1.4'),
('办理', '2'), ('业务办理', '2'),
('流量包', '2.1'), ('订流量', '2.1'), ('流量套餐', '2.1'),
('短信包', '2.2'), ('彩信包', '2.2'), ('短彩信', '2.2'),
('wlan', '2.3'), ('wlan包', '2.3'),
('主套餐', '2.4'), ('套餐变更', '2.4'), ('换套餐', '2.4'),
('充值', '2.5'), ('缴费', '2.5'), ('充值缴费', '2.5');
