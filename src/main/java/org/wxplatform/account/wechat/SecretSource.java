package org.wxplatform.account.wechat;

/** The AppSecret of an account (needed to fetch its access_token and to exchange OAuth2 codes). */
@FunctionalInterface
public interface SecretSource {

    /** @throws WeChatApiException (permanent) when the account is unknown */
    String secret(String appid) throws WeChatApiException;
}
