-- Binding (SPEC §3.1, thesis table BIND): which phone number a subscriber of an official account has
-- proved to own (carrier SMS code). One current binding per account and openid; an unbind or a rebind
-- ends the row (state U, unbound_at) instead of deleting it, so the history stays for operators.
-- current_slot is 1 while the row is bound and NULL afterwards: the unique key then allows one bound row
-- per (appid, openid) and any number of ended ones (NULLs do not collide).
-- Written only by business.binding.JdbcBindingRepository.

CREATE TABLE bind (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    appid         VARCHAR(32)  NOT NULL,
    openid        VARCHAR(64)  NOT NULL,
    phone         VARCHAR(20)  NOT NULL,
    state         CHAR(1)      NOT NULL,
    channel       VARCHAR(8)   NOT NULL,
    bound_at      DATETIME     NOT NULL,
    unbound_at    DATETIME     NULL,
    end_reason    VARCHAR(16)  NULL,
    current_slot  TINYINT GENERATED ALWAYS AS (CASE WHEN state = 'B' THEN 1 END) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY uk_bind_current (appid, openid, current_slot),
    KEY ix_bind_phone (phone, state),
    CONSTRAINT ck_bind_state CHECK (state IN ('B', 'U'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
