package org.wxplatform.account.domain;

import java.util.Locale;

/** The message encryption mode an account has chosen in the WeChat console (SPEC §1.2). */
public enum MessageMode {
    /** Plaintext XML both ways. */
    PLAIN,
    /** Compatible: WeChat sends plaintext and ciphertext; replies may be either. */
    COMPAT,
    /** Safe: ciphertext only, replies encrypted and signed. */
    SAFE;

    public static MessageMode parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("mode is required (plain, compat or safe)");
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "plain", "plaintext" -> PLAIN;
            case "compat", "compatible" -> COMPAT;
            case "safe", "secure", "encrypted" -> SAFE;
            default -> throw new IllegalArgumentException("mode must be plain, compat or safe");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
