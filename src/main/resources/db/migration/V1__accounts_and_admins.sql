-- Official accounts (the thesis's "area") and admin users. utf8mb4 throughout: nicknames, account
-- names and message contents carry emoji.

CREATE TABLE wx_account (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    appid         VARCHAR(32)  NOT NULL,
    name          VARCHAR(100) NOT NULL,
    secret        VARCHAR(64)  NOT NULL,
    token         VARCHAR(64)  NOT NULL,
    aes_key       CHAR(43)     NULL,
    mode          VARCHAR(8)   NOT NULL,
    created_at    DATETIME     NOT NULL,
    updated_at    DATETIME     NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY uk_wx_account_appid (appid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE admin_user (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    DATETIME     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_admin_user_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
