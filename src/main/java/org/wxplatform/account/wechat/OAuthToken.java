package org.wxplatform.account.wechat;

/**
 * What a web-authorization code is exchanged for ({@code /sns/oauth2/access_token}). Not the account's
 * access_token: this one belongs to the user and the page, and is never stored by the central control.
 */
public record OAuthToken(
        String accessToken, long expiresIn, String refreshToken, String openid, String scope, String unionid) {

    @Override
    public String toString() {
        return "OAuthToken[" + openid + ", " + scope + "]"; // never the tokens
    }
}
