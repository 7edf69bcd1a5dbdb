package org.wxplatform.account.wechat;

/**
 * WeChat could not be reached or gave no usable answer: connection refused, time limit passed, an HTTP
 * 5xx, a body that is not JSON, or no token could be had. Transient. {@link #mayHaveArrived()} tells
 * whether WeChat may nevertheless have taken the call (the request went out and no answer was read), so
 * a caller of a call that is not idempotent (a message sent) knows that trying again may do it twice.
 */
public class UnreachableException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    private final boolean mayHaveArrived;

    /** WeChat did not take the call: it was never sent, or WeChat answered that it failed. */
    public UnreachableException(String path, String what, Throwable cause) {
        this(path, what, cause, false);
    }

    public UnreachableException(String path, String what, Throwable cause, boolean mayHaveArrived) {
        super(path, NO_ERRCODE, what, cause);
        this.mayHaveArrived = mayHaveArrived;
    }

    /**
     * True when the request was sent and no usable answer came back (a timeout after the connection was
     * made, a connection lost mid-answer, an answer that is not JSON): WeChat may have done it.
     */
    public boolean mayHaveArrived() {
        return mayHaveArrived;
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
