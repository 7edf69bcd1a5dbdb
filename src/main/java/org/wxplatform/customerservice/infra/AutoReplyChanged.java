package org.wxplatform.customerservice.infra;

/**
 * Fired inside every auto-reply write transaction; observed after a successful commit to publish the
 * change (never before: a node that reloaded between the stamp and the commit would keep old data).
 *
 * @param appid the account whose entries, welcome message or miss hint changed
 */
public record AutoReplyChanged(String appid) {}
