package org.wxplatform.account.wechat;

/**
 * WeChat could not be reached or gave no usable answer: connection refused, time limit passed, an HTTP
 * 5xx, a body that is not JSON, or no token could be had. Transient.
 */
public class UnreachableException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public UnreachableException(String path, String what, Throwable cause) {
        super(path, NO_ERRCODE, what, cause);
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
