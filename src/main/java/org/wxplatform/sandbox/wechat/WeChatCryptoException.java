package org.wxplatform.sandbox.wechat;

/**
 * A callback or reply that fails WeChat's message protocol: a bad signature, a ciphertext that is not
 * base64 or not whole AES blocks, wrong padding, an impossible length field, text that is not UTF-8, or
 * an AppId other than the expected one. The message names the rule that failed and never contains key
 * material.
 */
public class WeChatCryptoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WeChatCryptoException(String message) {
        super(message);
    }

    public WeChatCryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
