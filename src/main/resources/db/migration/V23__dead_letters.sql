-- Queue messages that failed to be processed WXP_QUEUE_MAX_FAILURES times (or could not be read):
-- taken out of their queue so they never block its shard, kept here with their error for operators,
-- who may put one back (requeued_at) once the cause is fixed.

CREATE TABLE dead_letter (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    queue         VARCHAR(100)  NOT NULL,
    message_id    VARCHAR(100)  NULL,
    body          MEDIUMBLOB    NOT NULL,
    error         VARCHAR(1000) NOT NULL,
    failures      INT           NOT NULL,
    node          VARCHAR(64)   NOT NULL,
    created_at    DATETIME(3)   NOT NULL,
    requeued_at   DATETIME(3)   NULL,
    requeued_by   VARCHAR(64)   NULL,
    PRIMARY KEY (id),
    KEY ix_dead_letter_queue (queue, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
