-- An activity for the subscribers carrying one WeChat user tag (audience TAG, SPEC §5.1): the tag's id
-- at WeChat, which decides who takes part, and its name when the operator chose it (shown in the admin).
-- Both are NULL for the audiences ALL and BOUND. Written only by activity.JdbcActivities.
ALTER TABLE activity
    ADD COLUMN tag_id   BIGINT       NULL AFTER audience,
    ADD COLUMN tag_name VARCHAR(64)  NULL AFTER tag_id;
