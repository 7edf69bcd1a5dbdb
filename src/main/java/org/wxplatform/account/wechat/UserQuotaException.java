package org.wxplatform.account.wechat;

/**
 * 45047: this subscriber has received as many customer-service messages as WeChat allows since they last
 * wrote to the account. Only this subscriber is held back (for {@code WXP_KF_QUOTA_HOLD_SECONDS}, then one
 * try again): the account's other subscribers are served as before. Not transient for the caller: the
 * message can only go out once the subscriber writes again.
 */
public class UserQuotaException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public UserQuotaException(String path, String errmsg) {
        super(path, 45047, errmsg);
    }
}
