-- The custom menu of each account (SPEC §6.7): the operators' draft and the last menu published to
-- WeChat, both in WeChat's own JSON ({"button": [...]}). Written only by account.menu.MenuService.
CREATE TABLE menu_draft (
    appid           VARCHAR(32)   NOT NULL,
    draft_json      MEDIUMTEXT    NOT NULL,
    updated_by      VARCHAR(64)   NOT NULL,
    updated_at      DATETIME      NOT NULL,
    published_json  MEDIUMTEXT    NULL,
    published_by    VARCHAR(64)   NULL,
    published_at    DATETIME      NULL,
    PRIMARY KEY (appid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Menu clicks per account, day (Asia/Shanghai, of the event's CreateTime), event and EventKey (the URL
-- for VIEW), counted once per message where the user log is written (log.user.UserLog). The key can be a
-- 1,024-byte URL, longer than an index allows: key_hash (SHA-1 of event, newline, key) stands for it.
CREATE TABLE menu_click_daily (
    appid      VARCHAR(32)    NOT NULL,
    day        DATE           NOT NULL,
    key_hash   CHAR(40)       NOT NULL,
    event      VARCHAR(32)    NOT NULL,
    event_key  VARCHAR(1024)  NOT NULL,
    clicks     BIGINT         NOT NULL,
    PRIMARY KEY (appid, key_hash, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
