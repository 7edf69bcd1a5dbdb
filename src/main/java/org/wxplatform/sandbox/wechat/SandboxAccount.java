package org.wxplatform.sandbox.wechat;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * An official account as WeChat's side knows it: what the operator typed into WeChat's console (Token,
 * EncodingAESKey, message mode) and the account's original id. The sandbox keeps this copy apart from the
 * product's, as the real WeChat does, so a mismatch between the two shows up as it would in production.
 *
 * <p>Guarantees: the formats are WeChat's (AppId {@code wx} + 16 letters or digits; Token 3 to 32 letters
 * and digits; EncodingAESKey 43 base64 characters, spare bits allowed, required unless the mode is plain);
 * {@code name} is never null; {@code originalId} is never null (derived from the AppId when not given).
 * Validation messages name the field and never contain the token or key.
 *
 * <p>For the sandbox's WeChat API: {@code secret} is the AppSecret {@code /cgi-bin/token} checks (16 to 64
 * letters and digits, null when none is registered: then every token request is refused), and
 * {@code callbackUrl} is the server URL typed into WeChat's console (null: this server's
 * {@code /wx/callback/{appid}}), where the sandbox posts events such as {@code TEMPLATESENDJOBFINISH}.
 */
public record SandboxAccount(
        String appId,
        String name,
        String token,
        String aesKey,
        CallbackMode mode,
        String originalId,
        String secret,
        String callbackUrl) {

    private static final Pattern APP_ID = Pattern.compile("wx[0-9A-Za-z]{16}");
    private static final Pattern TOKEN = Pattern.compile("[0-9A-Za-z]{3,32}");
    private static final Pattern ORIGINAL_ID = Pattern.compile("[0-9A-Za-z_\\-]{1,64}");
    private static final Pattern SECRET = Pattern.compile("[0-9A-Za-z]{16,64}");
    private static final int MAX_URL = 1024;

    public SandboxAccount {
        checkAppId(appId);
        name = name == null ? "" : name.strip();
        if (name.length() > 100) {
            throw new IllegalArgumentException("name is longer than 100 characters");
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("token must be 3 to 32 letters and digits");
        }
        if (aesKey != null && aesKey.isBlank()) {
            aesKey = null;
        }
        if (aesKey != null) {
            try {
                WeChatCrypto.aesKey(aesKey);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("aesKey: " + e.getMessage(), e);
            }
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode is required (plain, compat or safe)");
        }
        if (aesKey == null && mode.encrypts()) {
            throw new IllegalArgumentException("aesKey (EncodingAESKey) is required in " + mode.wireName() + " mode");
        }
        if (originalId == null || originalId.isBlank()) {
            originalId = CallbackMessages.originalIdFor(appId);
        } else if (!ORIGINAL_ID.matcher(originalId.strip()).matches()) {
            throw new IllegalArgumentException("originalId must be 1 to 64 letters, digits, '_' or '-' (gh_...)");
        } else {
            originalId = originalId.strip();
        }
        if (secret != null && secret.isBlank()) {
            secret = null;
        }
        if (secret != null && !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("secret must be 16 to 64 letters and digits (the AppSecret)");
        }
        if (callbackUrl != null && callbackUrl.isBlank()) {
            callbackUrl = null;
        }
        if (callbackUrl != null) {
            callbackUrl = checkCallbackUrl(callbackUrl.strip());
        }
    }

    /** An account without AppSecret and with the default callback URL (this server's {@code /wx/callback/{appid}}). */
    public SandboxAccount(
            String appId, String name, String token, String aesKey, CallbackMode mode, String originalId) {
        this(appId, name, token, aesKey, mode, originalId, null, null);
    }

    /** The same account with this AppSecret and callback URL (either may be null). */
    public SandboxAccount withApi(String newSecret, String newCallbackUrl) {
        return new SandboxAccount(appId, name, token, aesKey, mode, originalId, newSecret, newCallbackUrl);
    }

    /** {@code url} when it is an absolute http(s) URL with a host and no fragment, at most 1024 characters. */
    static String checkCallbackUrl(String url) {
        if (url.length() > MAX_URL) {
            throw new IllegalArgumentException("callbackUrl is longer than 1024 characters");
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("callbackUrl is not a valid URL", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getHost() == null
                || uri.getFragment() != null) {
            throw new IllegalArgumentException("callbackUrl must be an http(s) URL with a host and no #fragment");
        }
        return url;
    }

    /** Returns {@code appId} when it has WeChat's AppId form, else throws naming the rule. */
    public static String checkAppId(String appId) {
        if (appId == null || !APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException("appid must be 'wx' followed by 16 letters or digits");
        }
        return appId;
    }

    /**
     * Reads the JSON the registry answers for one account ({@code GET /sandbox/wechat/accounts/{appid}}):
     * {@code appid}, {@code name}, {@code token}, {@code aesKey}, {@code mode}, {@code originalId}.
     *
     * @throws IllegalArgumentException if it is not such an object or a value is invalid
     */
    public static SandboxAccount fromJson(String json) {
        if (!(PlainJson.parse(json) instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("an account is a JSON object");
        }
        return new SandboxAccount(
                string(object, "appid"),
                string(object, "name"),
                string(object, "token"),
                string(object, "aesKey"),
                CallbackMode.parse(string(object, "mode")),
                string(object, "originalId"),
                string(object, "secret"),
                string(object, "callbackUrl"));
    }

    private static String string(Map<?, ?> object, String name) {
        Object value = object.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException(name + " must be a string");
    }

    /** Hides the token and key, which are secrets of the account. */
    @Override
    public String toString() {
        return "SandboxAccount[" + appId + ", " + mode.wireName() + ", " + originalId + ", "
                + (callbackUrl == null ? "default callback" : callbackUrl) + "]";
    }
}
