-- The daily mail (SPEC §7.3): one row per day, claimed before the mail is built and sent, so that the
-- mail goes out once across the cluster and across failures.
--   state NEW: not yet tried  SENDING: claimed by `claimed_by` at `claimed_at` (taken over after 10 min)
--         FAILED: the last attempt failed (`last_error`), tried again by the next run  SENT: accepted by SMTP
CREATE TABLE daily_mail (
    day         DATE          NOT NULL,
    state       VARCHAR(8)    NOT NULL,
    attempts    INT           NOT NULL DEFAULT 0,
    claimed_by  VARCHAR(100)  NULL,
    claimed_at  DATETIME      NULL,
    sent_at     DATETIME      NULL,
    recipients  VARCHAR(1000) NULL,
    last_error  VARCHAR(1000) NULL,
    PRIMARY KEY (day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Texts that no keyword (nor any other responder) answered, counted per day (Beijing time) and account
-- as the router decides them: the user log keeps the texts, not whether they were answered.
CREATE TABLE msg_miss_daily (
    day         DATE          NOT NULL,
    appid       VARCHAR(32)   NOT NULL,
    misses      BIGINT        NOT NULL,
    PRIMARY KEY (day, appid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Monitoring samples (SPEC §7.4), written by every node about itself:
--   kind net: one row per interface and minute, the deltas since the previous sample
--   kind load: /proc/loadavg every 15 minutes
--   kind scale: the scaling monitor's requests/s and tier (node = the balancer), posted by it
CREATE TABLE node_sample (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    node        VARCHAR(64)   NOT NULL,
    kind        VARCHAR(8)    NOT NULL,
    taken_at    DATETIME      NOT NULL,
    iface       VARCHAR(32)   NULL,
    seconds     INT           NULL,
    rx_bytes    BIGINT        NULL,
    tx_bytes    BIGINT        NULL,
    rx_packets  BIGINT        NULL,
    tx_packets  BIGINT        NULL,
    load1       DECIMAL(8,2)  NULL,
    load5       DECIMAL(8,2)  NULL,
    load15      DECIMAL(8,2)  NULL,
    rps         DECIMAL(12,1) NULL,
    tier        VARCHAR(32)   NULL,
    PRIMARY KEY (id),
    KEY ix_node_sample_time (taken_at),
    KEY ix_node_sample_node (node, kind, taken_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
