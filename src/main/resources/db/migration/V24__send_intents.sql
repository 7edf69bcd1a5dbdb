-- The one window exactly-once cannot close: a node killed after WeChat accepted a message and before the
-- send is recorded (WeChat's customer-service and template APIs take no idempotency key). The intent is
-- recorded before each send, so a redelivery knows when it re-sends into that window and counts it:
-- operators see every such message (an alert names it), and tests can tell it from a real double.
--   async_task.sending          index of the push whose send started and is not yet recorded, else NULL
--   async_task.resent           pushes sent again after their sender died inside that window
--   biz_transaction.notify_retaken  outcome claims taken over from a teller that died while sending

ALTER TABLE async_task
    ADD COLUMN sending INT NULL,
    ADD COLUMN resent  INT NOT NULL DEFAULT 0;

ALTER TABLE biz_transaction
    ADD COLUMN notify_retaken INT NOT NULL DEFAULT 0;
