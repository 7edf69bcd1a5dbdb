-- Template pushes (SPEC §6.3, §10; seeds 001 §4.6-4.7, 004): a file of phone numbers sent one template
-- message per bound subscriber, flow-controlled, resumable, with WeChat's receipts. Written only by
-- business.push.
--
-- push_template: the account's template library as last synced from WeChat.
CREATE TABLE push_template (
    appid          VARCHAR(32)    NOT NULL,
    template_id    VARCHAR(64)    NOT NULL,
    title          VARCHAR(128)   NOT NULL,
    content        TEXT           NOT NULL,
    example        TEXT           NULL,
    synced_at      DATETIME       NOT NULL,
    PRIMARY KEY (appid, template_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- push.state: U the file is being read (never shown; a push left in U by a dead node is deleted),
-- D ready, R running, P paused (pause_reason says why: the operator, WeChat's quota), C cancelled,
-- F finished (every target sent or failed). Times in ms since the epoch (MariaDB keeps no sub-seconds
-- through Connector/J).
CREATE TABLE push (
    id             BIGINT         NOT NULL AUTO_INCREMENT,
    appid          VARCHAR(32)    NOT NULL,
    template_id    VARCHAR(64)    NOT NULL,
    url            VARCHAR(1024)  NULL,
    mp_appid       VARCHAR(32)    NULL,
    mp_pagepath    VARCHAR(200)   NULL,
    data_json      TEXT           NOT NULL,   -- {field: value} for every number; a column overrides it
    columns_json   TEXT           NOT NULL,   -- ["thing1", ...]: the fields the extra columns fill, in order
    state          CHAR(1)        NOT NULL,
    pause_reason   VARCHAR(255)   NULL,
    rate           INT            NOT NULL,   -- sends a second (the account's limit caps it)
    file_name      VARCHAR(255)   NULL,
    file_bytes     BIGINT         NOT NULL DEFAULT 0,
    encoding       VARCHAR(8)     NULL,
    lines_read     INT            NOT NULL DEFAULT 0,
    invalid        INT            NOT NULL DEFAULT 0,
    duplicates     INT            NOT NULL DEFAULT 0,
    unbound        INT            NOT NULL DEFAULT 0,
    targets        INT            NOT NULL DEFAULT 0,
    created_by     VARCHAR(64)    NOT NULL,
    mail_to        VARCHAR(255)   NULL,
    created_ms     BIGINT         NOT NULL,
    started_ms     BIGINT         NULL,
    finished_ms    BIGINT         NULL,
    mailed_ms      BIGINT         NULL,
    PRIMARY KEY (id),
    KEY ix_push_state (state),
    KEY ix_push_appid (appid, id),
    CONSTRAINT ck_push_state CHECK (state IN ('U', 'D', 'R', 'P', 'C', 'F'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- push_target.state: P pending, I intent recorded (the send is under way, or its outcome is in doubt
-- after a crash), S sent (WeChat accepted it), F failed for good (errcode), X cancelled.
-- msgid is WeChat's (19 digits, unsigned); 0 or NULL when WeChat gave none, then the receipt is matched
-- by openid and time. receipt is the Status of TEMPLATESENDJOBFINISH as WeChat wrote it.
CREATE TABLE push_target (
    push_id        BIGINT           NOT NULL,
    seq            INT              NOT NULL,
    openid         VARCHAR(64)      NOT NULL,
    phone          CHAR(11)         NOT NULL,
    fields_json    VARCHAR(2000)    NULL,
    state          CHAR(1)          NOT NULL,
    attempts       TINYINT          NOT NULL DEFAULT 0,
    intent_ms      BIGINT           NULL,
    sent_ms        BIGINT           NULL,
    msgid          BIGINT UNSIGNED  NULL,
    errcode        INT              NULL,
    errmsg         VARCHAR(200)     NULL,
    resent         TINYINT          NOT NULL DEFAULT 0,   -- 1: in doubt, no receipt came, sent again
    receipt        VARCHAR(64)      NULL,
    receipt_ms     BIGINT           NULL,
    PRIMARY KEY (push_id, seq),
    KEY ix_push_target_msgid (msgid),
    KEY ix_push_target_openid (openid, push_id),
    KEY ix_push_target_state (push_id, state),
    CONSTRAINT ck_push_target_state CHECK (state IN ('P', 'I', 'S', 'F', 'X'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Lines of the file that were not sent to: reason INVALID (not a mobile number, or a field value WeChat
-- would refuse), DUPLICATE (the number came before), UNBOUND (nobody of the account is bound to it).
CREATE TABLE push_rejected (
    push_id        BIGINT         NOT NULL,
    line_no        INT            NOT NULL,
    reason         VARCHAR(16)    NOT NULL,
    line           VARCHAR(128)   NOT NULL,
    detail         VARCHAR(200)   NULL,
    PRIMARY KEY (push_id, line_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
