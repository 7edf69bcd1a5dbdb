package org.wxplatform.account.token;

/**
 * No confirmed credential could be had in time: the fetch failed, or the new credential could not be
 * confirmed stored (it is then never handed out). The cause says why; a WeChat error from the fetch is
 * the cause as thrown by the fetcher.
 */
public class TokenUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public TokenUnavailableException(String message) {
        super(message);
    }
}
