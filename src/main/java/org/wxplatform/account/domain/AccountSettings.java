package org.wxplatform.account.domain;

import java.util.regex.Pattern;

/**
 * The settings of an official account, validated: the formats are those of the WeChat console, so a
 * typing mistake is caught here with a message naming the field, not later as a signature failure.
 */
public record AccountSettings(String name, String secret, String token, String aesKey, MessageMode mode) {

    private static final Pattern APPID = Pattern.compile("wx[0-9a-zA-Z]{16}");
    private static final Pattern SECRET = Pattern.compile("[0-9a-zA-Z]{16,64}");
    private static final Pattern TOKEN = Pattern.compile("[0-9a-zA-Z]{3,32}");
    private static final Pattern AES_KEY = Pattern.compile("[0-9a-zA-Z+/]{43}");

    public AccountSettings {
        if (mode == null) {
            throw new IllegalArgumentException("mode is required (plain, compat or safe)");
        }
        name = name == null ? "" : name.strip();
        if (name.length() > 100) {
            throw new IllegalArgumentException("name is longer than 100 characters");
        }
        if (secret == null || !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("secret must be 16 to 64 letters and digits (the AppSecret)");
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("token must be 3 to 32 letters and digits");
        }
        if (aesKey != null && aesKey.isBlank()) {
            aesKey = null;
        }
        if (aesKey != null && !AES_KEY.matcher(aesKey).matches()) {
            throw new IllegalArgumentException("aesKey (EncodingAESKey) must be 43 letters and digits");
        }
        if (aesKey == null && mode != MessageMode.PLAIN) {
            throw new IllegalArgumentException("aesKey (EncodingAESKey) is required in " + mode.wireName() + " mode");
        }
    }

    public static String checkAppid(String appid) {
        if (appid == null || !APPID.matcher(appid).matches()) {
            throw new IllegalArgumentException("appid must be 'wx' followed by 16 letters or digits");
        }
        return appid;
    }
}
