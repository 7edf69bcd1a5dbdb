-- Question-frequency statistics (SPEC §4.3): how often subscribers asked a question, per account and day
-- (Beijing time, by the message's CreateTime), counted from the auto-reply's misses and from the texts
-- of chat sessions with the agents. Written only by customerservice.stats.
--
-- A question is its normalised text (NFKC, lower case, no whitespace or punctuation): question_key is
-- the SHA-256 of it, so that texts of any length share one short key; sample is the first original text
-- seen that day, what the admin shows and offers as a new keyword.
CREATE TABLE cs_question_daily (
    appid          VARCHAR(32)    NOT NULL,
    day            DATE           NOT NULL,
    question_key   CHAR(64)       NOT NULL,
    normalized     VARCHAR(512)   NOT NULL,
    sample         VARCHAR(512)   NOT NULL,
    misses         INT            NOT NULL DEFAULT 0,   -- texts the auto-reply had no answer for
    asked          INT            NOT NULL DEFAULT 0,   -- texts in a chat session with the agents
    updated_at     DATETIME       NOT NULL,
    PRIMARY KEY (appid, day, question_key),
    KEY ix_cs_question_range (appid, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

