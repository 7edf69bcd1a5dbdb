package org.wxplatform.admin.web;

/** Shows enough of a secret to recognise it, never enough to use it. */
public final class Masking {

    private Masking() {}

    /** The first and last 3 characters of a secret of 12 or more, else only asterisks. */
    public static String mask(String secret) {
        if (secret == null) {
            return null;
        }
        if (secret.length() < 12) {
            return "*".repeat(secret.length());
        }
        return secret.substring(0, 3) + "*".repeat(secret.length() - 6) + secret.substring(secret.length() - 3);
    }
}
