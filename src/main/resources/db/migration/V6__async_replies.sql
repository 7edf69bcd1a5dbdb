-- Async replies (SPEC §1.7, seed 001 §4.2, seed 004): one row per deferred piece of work, keyed by the
-- message that caused it, so a WeChat retry, a redelivery after a crash or a republish runs the work and
-- pushes its result once.
--   state Q: stored, not yet confirmed queued (republished by a job if it stays so)
--         P: queued;  R: result ready, `sent` of its pushes done;  S: all pushed;  F: failed for good

CREATE TABLE async_task (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    task_id     VARCHAR(190)  NOT NULL,
    appid       VARCHAR(32)   NOT NULL,
    openid      VARCHAR(64)   NOT NULL,
    kind        VARCHAR(64)   NOT NULL,
    payload     TEXT          NOT NULL,
    state       CHAR(1)       NOT NULL,
    result      MEDIUMTEXT    NULL,
    sent        INT           NOT NULL DEFAULT 0,
    attempts    INT           NOT NULL DEFAULT 0,
    last_error  VARCHAR(500)  NULL,
    created_at  DATETIME      NOT NULL,
    updated_at  DATETIME      NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_async_task (task_id),
    KEY ix_async_task_state (state, updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
