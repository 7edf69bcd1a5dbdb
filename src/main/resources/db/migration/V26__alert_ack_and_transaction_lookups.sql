-- Operators acknowledge alerts (SPEC §6): who and when; the open ones (acked_at NULL) are listed newest
-- first, alone or of one kind, without a scan.
ALTER TABLE alert
    ADD COLUMN acked_by VARCHAR(64) NULL,
    ADD COLUMN acked_at DATETIME NULL,
    ADD KEY ix_alert_open (acked_at, id),
    ADD KEY ix_alert_open_kind (kind, acked_at, id);

-- Transaction lookups for complaints and re-dos (SPEC §6.5, §6.6), newest first by id with a keyset
-- cursor: by state, by account (and state), by phone number, by the day of creation.
ALTER TABLE biz_transaction
    ADD KEY ix_biz_tx_state_id (state, id),
    ADD KEY ix_biz_tx_appid_id (appid, id),
    ADD KEY ix_biz_tx_appid_state_id (appid, state, id),
    ADD KEY ix_biz_tx_phone_id (phone, id),
    ADD KEY ix_biz_tx_created (created_at, id);
