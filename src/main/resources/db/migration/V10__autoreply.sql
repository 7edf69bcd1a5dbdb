-- Keyword auto-reply (SPEC §4.1), per official account: the keyword table and the reply-content table
-- of the thesis (one keyword, many contents), and the per-account settings. utf8mb4: keywords and
-- replies carry emoji.

-- match_type CONTAINS / EQUALS: a keyword entry. SUBSCRIBE: the account's welcome message (keyword ''),
-- which shares the content model; welcome_slot is 1 on that row only, so the unique key allows one
-- welcome per account while leaving entries unconstrained (NULLs do not collide).
CREATE TABLE cs_keyword (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    appid         VARCHAR(32)  NOT NULL,
    keyword       VARCHAR(60)  NOT NULL,
    match_type    VARCHAR(10)  NOT NULL,
    hidden        BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    DATETIME     NOT NULL,
    updated_at    DATETIME     NOT NULL,
    welcome_slot  TINYINT GENERATED ALWAYS AS (CASE WHEN match_type = 'SUBSCRIBE' THEN 1 END) STORED,
    PRIMARY KEY (id),
    KEY ix_cs_keyword_appid (appid, hidden),
    UNIQUE KEY uk_cs_keyword_welcome (appid, welcome_slot),
    CONSTRAINT ck_cs_keyword_match CHECK (match_type IN ('CONTAINS', 'EQUALS', 'SUBSCRIBE'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- content_type TEXT uses text_content, NEWS uses articles (a JSON array of 1..10
-- {title, description, picUrl, url}: always read with its content, never searched), IMAGE uses media_id.
CREATE TABLE cs_reply_content (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    keyword_id    BIGINT       NOT NULL,
    position      INT          NOT NULL,
    content_type  VARCHAR(8)   NOT NULL,
    text_content  TEXT         NULL,
    media_id      VARCHAR(128) NULL,
    articles      MEDIUMTEXT   NULL,
    PRIMARY KEY (id),
    KEY ix_cs_reply_content_keyword (keyword_id, position),
    CONSTRAINT fk_cs_reply_content_keyword FOREIGN KEY (keyword_id) REFERENCES cs_keyword (id) ON DELETE CASCADE,
    CONSTRAINT ck_cs_reply_content_type CHECK (content_type IN ('TEXT', 'NEWS', 'IMAGE')),
    CONSTRAINT ck_cs_reply_content_articles CHECK (articles IS NULL OR JSON_VALID(articles))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per-account settings: the hint sent when no keyword matches (NULL: the deployment's default). The row
-- is also locked to serialise welcome-message writes of the account.
CREATE TABLE cs_autoreply_account (
    appid         VARCHAR(32)  NOT NULL,
    miss_hint     TEXT         NULL,
    updated_at    DATETIME     NOT NULL,
    PRIMARY KEY (appid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
