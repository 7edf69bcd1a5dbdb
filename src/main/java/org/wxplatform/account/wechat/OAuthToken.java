package org.wxplatform.account.wechat;

/**
 * What a web-authorization code is exchanged for ({@code /sns/oauth2/access_token}). Not the account's
 * access_token: this one belongs to the user and the page, and is never stored by the central control.
 *
 * <p>{@code snapshotUser}: WeChat's {@code is_snapshotuser=1}, a visitor of the page's snapshot (a page
 * opened from Moments without authorizing): the openid is a virtual one that belongs to nobody, so such
 * a visitor is never bound, paid or sent anything.
 */
public record OAuthToken(
        String accessToken,
        long expiresIn,
        String refreshToken,
        String openid,
        String scope,
        String unionid,
        boolean snapshotUser) {

    @Override
    public String toString() {
        return "OAuthToken[" + openid + ", " + scope + "]"; // never the tokens
    }
}
