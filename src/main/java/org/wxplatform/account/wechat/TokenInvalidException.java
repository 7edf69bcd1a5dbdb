package org.wxplatform.account.wechat;

/**
 * 40001 (invalid credential), 40014 (invalid access_token), 42001 (access_token expired). The client
 * has already forced one refresh and retried once when a caller sees this.
 */
public class TokenInvalidException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public TokenInvalidException(String path, int errcode, String errmsg) {
        super(path, errcode, errmsg);
    }

    public static boolean isTokenError(int errcode) {
        return errcode == 40001 || errcode == 40014 || errcode == 42001;
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
