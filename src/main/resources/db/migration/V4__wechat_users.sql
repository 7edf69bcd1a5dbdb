-- Subscribers' profiles as WeChat's /cgi-bin/user/info gave them, fetched when they subscribe
-- (SPEC §2.4) and kept per account. Written only by account.wechat.Subscribers.

CREATE TABLE wx_user (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    appid            VARCHAR(32)   NOT NULL,
    openid           VARCHAR(64)   NOT NULL,
    subscribed       TINYINT(1)    NOT NULL,
    nickname         VARCHAR(100)  NULL,
    sex              TINYINT       NOT NULL DEFAULT 0,
    language         VARCHAR(16)   NULL,
    city             VARCHAR(64)   NULL,
    province         VARCHAR(64)   NULL,
    country          VARCHAR(64)   NULL,
    head_img_url     VARCHAR(512)  NULL,
    subscribe_time   BIGINT        NOT NULL DEFAULT 0,
    unionid          VARCHAR(64)   NULL,
    remark           VARCHAR(64)   NULL,
    subscribe_scene  VARCHAR(64)   NULL,
    qr_scene_str     VARCHAR(64)   NULL,
    fetched_at       DATETIME      NULL,
    updated_at       DATETIME      NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_wx_user (appid, openid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
