package org.wxplatform.account.wechat;

import org.wxplatform.account.token.Token;
import org.wxplatform.account.token.TokenSource;
import org.wxplatform.account.token.TokenUnavailableException;

/**
 * A call made with the account's access_token: on 40001/40014/42001 the token is reported to the central
 * control (which refreshes only if it is still the current one) and the call is made once more with the
 * token it returns.
 */
final class TokenCalls {

    @FunctionalInterface
    interface WithToken<T> {
        T call(String token) throws WeChatApiException;
    }

    private TokenCalls() {}

    static <T> T withToken(TokenSource tokens, String appid, String path, WithToken<T> call) throws WeChatApiException {
        Token token = obtain(path, () -> tokens.current(appid));
        try {
            return call.call(token.value());
        } catch (TokenInvalidException rejected) {
            Token fresh = obtain(path, () -> tokens.replaceRejected(appid, token));
            return call.call(fresh.value());
        }
    }

    private interface Obtain {
        Token get() throws TokenUnavailableException;
    }

    private static Token obtain(String path, Obtain obtain) throws WeChatApiException {
        try {
            return obtain.get();
        } catch (TokenUnavailableException e) {
            if (e.getCause() instanceof WeChatApiException w) {
                throw w; // the fetch's own answer (e.g. a wrong AppSecret) says more than "no token"
            }
            throw new UnreachableException(path, "no access_token: " + e.getMessage(), e);
        }
    }
}
