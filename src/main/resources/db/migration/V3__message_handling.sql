-- Message handling: the database side of the exactly-once state machine (used when Redis is down),
-- repeated requests screened out (SPEC §1.8), and operator alerts.

CREATE TABLE msg_receipt (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    appid       VARCHAR(32)   NOT NULL,
    msg_key     VARCHAR(190)  NOT NULL,
    state       CHAR(1)       NOT NULL,
    reply       MEDIUMTEXT    NULL,
    created_at  DATETIME      NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_msg_receipt (appid, msg_key),
    KEY ix_msg_receipt_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE msg_repeat (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    appid       VARCHAR(32)   NOT NULL,
    openid      VARCHAR(64)   NOT NULL,
    action      VARCHAR(300)  NOT NULL,
    msg_key     VARCHAR(190)  NOT NULL,
    created_at  DATETIME      NOT NULL,
    PRIMARY KEY (id),
    KEY ix_msg_repeat_user (appid, openid, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE alert (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    kind        VARCHAR(40)   NOT NULL,
    subject     VARCHAR(190)  NOT NULL,
    detail      VARCHAR(1000) NULL,
    node        VARCHAR(64)   NULL,
    raised_at   DATETIME      NOT NULL,
    PRIMARY KEY (id),
    KEY ix_alert_kind (kind, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The user logs (SPEC §7.1) are split per year: user_log_2026, user_log_2027 ... each created
-- LIKE this template when its year's first message arrives.
CREATE TABLE user_log_template (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    appid       VARCHAR(32)   NOT NULL,
    openid      VARCHAR(64)   NOT NULL,
    kind        VARCHAR(8)    NOT NULL,
    type        VARCHAR(40)   NOT NULL,
    msg_key     VARCHAR(190)  NOT NULL,
    content     TEXT          NULL,
    created_at  DATETIME      NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_user_log_msg (appid, msg_key),
    KEY ix_user_log_user (appid, openid, id),
    KEY ix_user_log_time (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
