package org.wxplatform.account.wechat;

/**
 * 45009 (API calls over the daily/frequency limit), or this node's own limiter refusing while the
 * account backs off. (45047, one subscriber's customer-service quota, is {@link UserQuotaException}.)
 */
public class RateLimitedException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public RateLimitedException(String path, int errcode, String errmsg) {
        super(path, errcode, errmsg);
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
