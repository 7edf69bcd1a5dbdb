-- Operator-configured activities (SPEC §5.1) and who took part. Written only by
-- activity.ActivityService (through activity.JdbcActivities).
CREATE TABLE activity (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    appid         VARCHAR(32)   NOT NULL,
    title         VARCHAR(64)   NOT NULL,
    body          TEXT          NOT NULL,
    images_json   TEXT          NOT NULL,
    module        VARCHAR(16)   NOT NULL,
    audience      VARCHAR(16)   NOT NULL,
    starts_at     DATETIME      NOT NULL,
    ends_at       DATETIME      NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    created_by    VARCHAR(64)   NOT NULL,
    created_at    DATETIME      NOT NULL,
    updated_at    DATETIME      NOT NULL,
    published_at  DATETIME      NULL,
    ended_at      DATETIME      NULL,
    PRIMARY KEY (id),
    KEY activity_by_account (appid, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The prizes of a lottery or shake activity: stock is what the operator set, remaining what is left.
-- A prize is given by one UPDATE ... SET remaining = remaining - 1 WHERE remaining > 0 in the same
-- transaction as the participation row, so a prize is never given twice nor beyond its stock.
CREATE TABLE activity_prize (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    activity_id   BIGINT        NOT NULL,
    position      INT           NOT NULL,
    name          VARCHAR(32)   NOT NULL,
    stock         INT           NOT NULL,
    remaining     INT           NOT NULL,
    chance_bp     INT           NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY activity_prize_position (activity_id, position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per subscriber and activity (the unique key makes the draw once per person); phone is the
-- bound number at the time (canonical 11 digits) so complaints can be looked up by number.
CREATE TABLE activity_participation (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    activity_id   BIGINT        NOT NULL,
    appid         VARCHAR(32)   NOT NULL,
    openid        VARCHAR(64)   NOT NULL,
    phone         VARCHAR(16)   NULL,
    outcome       VARCHAR(16)   NOT NULL,
    prize_id      BIGINT        NULL,
    prize_name    VARCHAR(32)   NULL,
    created_at    DATETIME      NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY participation_once (activity_id, openid),
    KEY participation_by_openid (appid, openid),
    KEY participation_by_phone (appid, phone)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
