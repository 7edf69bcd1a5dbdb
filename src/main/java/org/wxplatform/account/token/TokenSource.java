package org.wxplatform.account.token;

/** Where API callers get a confirmed credential, and report one WeChat rejected. */
public interface TokenSource {

    /** A confirmed, unexpired credential of the account; waits for the single flight when there is none. */
    Token current(String appid) throws TokenUnavailableException;

    /**
     * WeChat rejected {@code rejected} (40001/40014/42001). Refreshes only when it is still the current
     * credential (by version); otherwise returns the newer one that already replaced it.
     */
    Token replaceRejected(String appid, Token rejected) throws TokenUnavailableException;
}
