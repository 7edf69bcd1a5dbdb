package org.wxplatform.activity;

import org.wxplatform.account.wechat.WeChatApiException;

/** WeChat's list of the account's tags could not be read, so a TAG audience could not be checked. */
public class TagsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TagsUnavailableException(WeChatApiException cause) {
        super("WeChat's user tags could not be read: " + cause.getMessage(), cause);
    }

    /** WeChat's errcode, {@link WeChatApiException#NO_ERRCODE} when it gave none. */
    public int errcode() {
        return ((WeChatApiException) getCause()).errcode();
    }
}
