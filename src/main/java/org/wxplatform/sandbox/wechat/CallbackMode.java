package org.wxplatform.sandbox.wechat;

import java.util.Locale;

/** The message encryption mode chosen for an account in WeChat's console (SPEC §1.2). */
public enum CallbackMode {
    /** Plaintext XML both ways; no EncodingAESKey needed. */
    PLAIN,
    /** Compatible: the callback carries the plaintext fields and {@code Encrypt}; replies may be either. */
    COMPAT,
    /** Safe: the callback carries only {@code ToUserName} and {@code Encrypt}; replies must be encrypted. */
    SAFE;

    /** Reads {@code plain}, {@code compat} or {@code safe} (and the console's longer names), any case. */
    public static CallbackMode parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("mode is required (plain, compat or safe)");
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "plain", "plaintext" -> PLAIN;
            case "compat", "compatible" -> COMPAT;
            case "safe", "secure", "encrypted" -> SAFE;
            default -> throw new IllegalArgumentException("mode must be plain, compat or safe");
        };
    }

    /** Whether callbacks carry {@code Encrypt} and {@code msg_signature}. */
    public boolean encrypts() {
        return this != PLAIN;
    }

    /** {@code plain}, {@code compat} or {@code safe}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
