package org.wxplatform.account.wechat;

/**
 * A WeChat API call that did not succeed: WeChat answered an errcode, or it could not be reached in
 * time. {@link #transientFailure()} tells callers whether trying again later can help (queues keep and
 * retry those, seed 004) or not (a bad openid, an unsubscribed user, a malformed message).
 *
 * <p>Subclasses name the cases callers treat differently: {@link TokenInvalidException},
 * {@link RateLimitedException}, {@link BusyException}, {@link UnreachableException}.
 */
public class WeChatApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** errcode when WeChat gave none (transport failure, not JSON). */
    public static final int NO_ERRCODE = Integer.MIN_VALUE;

    private final String path;
    private final int errcode;
    private final String errmsg;

    public WeChatApiException(String path, int errcode, String errmsg) {
        this(path, errcode, errmsg, null);
    }

    public WeChatApiException(String path, int errcode, String errmsg, Throwable cause) {
        super(path + ": " + (errcode == NO_ERRCODE ? "" : "errcode " + errcode + " ") + errmsg, cause);
        this.path = path;
        this.errcode = errcode;
        this.errmsg = errmsg;
    }

    /** The exception for an errcode WeChat answered on {@code path}. */
    public static WeChatApiException of(String path, int errcode, String errmsg) {
        if (TokenInvalidException.isTokenError(errcode)) {
            return new TokenInvalidException(path, errcode, errmsg);
        }
        if (errcode == 45047) {
            return new UserQuotaException(path, errmsg);
        }
        if (errcode == 45009) {
            return new RateLimitedException(path, errcode, errmsg);
        }
        if (errcode == -1) {
            return new BusyException(path, errmsg);
        }
        return new WeChatApiException(path, errcode, errmsg);
    }

    /** True when the same call may succeed later; false when it never will as it stands. */
    public boolean transientFailure() {
        return false;
    }

    /** The API path (never with its query, which may hold a token or secret). */
    public String path() {
        return path;
    }

    public int errcode() {
        return errcode;
    }

    public String errmsg() {
        return errmsg;
    }
}
