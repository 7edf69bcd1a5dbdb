package org.wxplatform.business.transaction;

import org.wxplatform.business.carrier.OrderKind;

/**
 * A subscriber's request for a transaction, as the catalog understood it. {@code requestKey} identifies
 * the request itself (for a callback: the account and the message key, so WeChat's retries of one
 * message carry the same key; for an H5 form: the form's one-time token): a key seen before is not
 * ordered again. {@code title} names the product for the subscriber ("1 GB monthly data package").
 */
public record TransactionRequest(
        String requestKey,
        String appid,
        String openid,
        String phone,
        OrderKind kind,
        String productCode,
        long amountFen,
        String title) {}
