-- Data-traffic red packets (SPEC §5.2-5.3). MySQL is the truth of every balance; Redis only guards
-- the door. Amounts are whole MB.

-- One virtual traffic account per subscriber of an account.
CREATE TABLE rp_account (
    appid       VARCHAR(32)  NOT NULL,
    openid      VARCHAR(64)  NOT NULL,
    balance_mb  BIGINT       NOT NULL DEFAULT 0,
    created_at  DATETIME     NOT NULL,
    updated_at  DATETIME     NOT NULL,
    PRIMARY KEY (appid, openid),
    CONSTRAINT rp_account_not_negative CHECK (balance_mb >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A packet and its one resolution: O(pen) -> E(mptied) | R(efunded). The shares are cut at send time.
CREATE TABLE rp_packet (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    appid         VARCHAR(32)  NOT NULL,
    sender_openid VARCHAR(64)  NULL,
    kind          VARCHAR(8)   NOT NULL,
    total_mb      INT          NOT NULL,
    share_count   INT          NOT NULL,
    taken_count   INT          NOT NULL DEFAULT 0,
    taken_mb      BIGINT       NOT NULL DEFAULT 0,
    refunded_mb   BIGINT       NOT NULL DEFAULT 0,
    state         CHAR(1)      NOT NULL DEFAULT 'O',
    greeting      VARCHAR(60)  NOT NULL DEFAULT '',
    idem_key      VARCHAR(150) NOT NULL,
    created_at    DATETIME     NOT NULL,
    expires_at    DATETIME     NOT NULL,
    resolved_at   DATETIME     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY rp_packet_idem (idem_key),
    KEY rp_packet_due (state, expires_at),
    KEY rp_packet_sender (appid, sender_openid, id),
    CONSTRAINT rp_packet_never_overdrawn CHECK (taken_count <= share_count AND taken_mb + refunded_mb <= total_mb)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The pre-computed shares: the grab that finds taken_count = idx takes share idx.
CREATE TABLE rp_share (
    packet_id  BIGINT NOT NULL,
    idx        INT    NOT NULL,
    amount_mb  INT    NOT NULL,
    PRIMARY KEY (packet_id, idx)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY HASH (packet_id) PARTITIONS 16;

-- Who got what: at most one grab per subscriber and packet. Split by packet id (every read and write of
-- a grab names its packet, so it touches one partition).
CREATE TABLE rp_grab (
    packet_id  BIGINT       NOT NULL,
    openid     VARCHAR(64)  NOT NULL,
    appid      VARCHAR(32)  NOT NULL,
    idx        INT          NOT NULL,
    amount_mb  INT          NOT NULL,
    grabbed_at DATETIME     NOT NULL,
    PRIMARY KEY (packet_id, openid),
    KEY rp_grab_idx (packet_id, idx)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY HASH (packet_id) PARTITIONS 16;

-- The double-entry ledger, hot part: every movement is two legs (same idem_key, legs 0 and 1) whose
-- amounts sum to zero. holder: U subscriber account, P a packet's escrow, S the system's issue,
-- C traffic exchanged out to the carrier. Rows of resolved packets older than a week move to
-- rp_ledger_cold; the idempotency of a movement stays guaranteed by the UNIQUE keys of rp_packet,
-- rp_grab, rp_ask and rp_exchange that every movement also writes.
CREATE TABLE rp_ledger (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    day        DATE         NOT NULL,
    appid      VARCHAR(32)  NOT NULL,
    holder     CHAR(1)      NOT NULL,
    openid     VARCHAR(64)  NOT NULL DEFAULT '',
    packet_id  BIGINT       NULL,
    amount_mb  BIGINT       NOT NULL,
    kind       VARCHAR(10)  NOT NULL,
    idem_key   VARCHAR(150) NOT NULL,
    leg        TINYINT      NOT NULL,
    created_at DATETIME     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY rp_ledger_idem (idem_key, leg),
    KEY rp_ledger_account (appid, openid, id),
    KEY rp_ledger_packet (packet_id),
    KEY rp_ledger_day (day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The cold part, one partition a month (the mover job adds the coming months ahead of time).
CREATE TABLE rp_ledger_cold (
    id         BIGINT       NOT NULL,
    day        DATE         NOT NULL,
    appid      VARCHAR(32)  NOT NULL,
    holder     CHAR(1)      NOT NULL,
    openid     VARCHAR(64)  NOT NULL DEFAULT '',
    packet_id  BIGINT       NULL,
    amount_mb  BIGINT       NOT NULL,
    kind       VARCHAR(10)  NOT NULL,
    idem_key   VARCHAR(150) NOT NULL,
    leg        TINYINT      NOT NULL,
    created_at DATETIME     NOT NULL,
    PRIMARY KEY (id, day),
    KEY rp_ledger_cold_account (appid, openid, id),
    KEY rp_ledger_cold_packet (packet_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY RANGE COLUMNS (day) (
    PARTITION p202612 VALUES LESS THAN ('2027-01-01'),
    PARTITION p202701 VALUES LESS THAN ('2027-02-01'),
    PARTITION p202702 VALUES LESS THAN ('2027-03-01'),
    PARTITION pmax VALUES LESS THAN (MAXVALUE)
  );

-- Asking friends for a packet (讨红包): one request, paid once by one friend.
CREATE TABLE rp_ask (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    appid        VARCHAR(32)  NOT NULL,
    asker_openid VARCHAR(64)  NOT NULL,
    amount_mb    INT          NOT NULL,
    note         VARCHAR(60)  NOT NULL DEFAULT '',
    state        CHAR(1)      NOT NULL DEFAULT 'O',
    payer_openid VARCHAR(64)  NULL,
    packet_id    BIGINT       NULL,
    created_at   DATETIME     NOT NULL,
    expires_at   DATETIME     NOT NULL,
    paid_at      DATETIME     NULL,
    PRIMARY KEY (id),
    KEY rp_ask_asker (appid, asker_openid, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Exchanges of balance into the bound phone's data, submitted to the carrier transaction queue.
CREATE TABLE rp_exchange (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    request_key  VARCHAR(100) NOT NULL,
    appid        VARCHAR(32)  NOT NULL,
    openid       VARCHAR(64)  NOT NULL,
    phone        VARCHAR(20)  NOT NULL,
    amount_mb    INT          NOT NULL,
    product_code VARCHAR(40)  NOT NULL,
    submitted    TINYINT      NOT NULL DEFAULT 0,
    created_at   DATETIME     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY rp_exchange_request (request_key),
    KEY rp_exchange_pending (submitted, created_at),
    KEY rp_exchange_account (appid, openid, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
