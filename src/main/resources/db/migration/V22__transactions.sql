-- Carrier transactions (SPEC §3.5, §6.6): one row per subscriber request, keyed by the request (the
-- callback's message key or the H5 form's token), so a WeChat retry, a redelivery after a crash or a
-- republish orders once. `serial` is what the carrier sees: it executes a serial at most once and can be
-- asked about it, so an attempt whose outcome was lost with a crashed node is looked up, not resent.
--   state Q: stored, not yet confirmed queued     P: queued
--         S: sent to the carrier, outcome unknown  W: carrier unavailable, waits for `next_try_at`
--         D: done (carrier executed it)            F: failed (carrier refused; an operator may re-do it)
--   notified N: outcome not yet told  P: being sent  Y: told  (template message)
--   told_waiting: the subscriber was told the carrier is unavailable and the request is kept

CREATE TABLE biz_transaction (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    request_key      VARCHAR(190)  NOT NULL,
    appid            VARCHAR(32)   NOT NULL,
    openid           VARCHAR(64)   NOT NULL,
    phone            VARCHAR(16)   NOT NULL,
    kind             VARCHAR(16)   NOT NULL,
    product_code     VARCHAR(32)   NOT NULL,
    amount_fen       BIGINT        NOT NULL DEFAULT 0,
    title            VARCHAR(100)  NOT NULL,
    state            CHAR(1)       NOT NULL,
    attempt          INT           NOT NULL DEFAULT 1,
    serial           VARCHAR(64)   NULL,
    tries            INT           NOT NULL DEFAULT 0,
    next_try_at      DATETIME(3)   NULL,
    result_code      VARCHAR(32)   NULL,
    result_message   VARCHAR(255)  NULL,
    carrier_order_id VARCHAR(64)   NULL,
    notified         CHAR(1)       NOT NULL DEFAULT 'N',
    told_waiting     CHAR(1)       NOT NULL DEFAULT 'N',
    redo_by          VARCHAR(64)   NULL,
    created_at       DATETIME(3)   NOT NULL,
    updated_at       DATETIME(3)   NOT NULL,
    done_at          DATETIME(3)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_biz_tx_request (request_key),
    UNIQUE KEY uk_biz_tx_serial (serial),
    KEY ix_biz_tx_state (state, next_try_at),
    KEY ix_biz_tx_user (appid, openid, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
