/**
 * Template pushes (SPEC §6.3, §10; seeds 001 §4.6-4.7 and 004): the account's template library synced
 * from WeChat, a push made from an uploaded file of phone numbers (only bound subscribers are sent to),
 * sent through RabbitMQ by a bounded pool of consumers at a cluster-wide rate per account, exactly once
 * per number across node kills and restarts, with WeChat's TEMPLATESENDJOBFINISH receipts matched to
 * their sends and a mail to the operator when done. {@link org.wxplatform.business.push.Pushes} is the
 * one write path of the {@code push*} tables (V31).
 *
 * <p>Must not live here: HTTP resources for operators (in {@code admin}), the WeChat protocol (the
 * account module's client does the calls, the message module parses the receipts).
 */
package org.wxplatform.business.push;
