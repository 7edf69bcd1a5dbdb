package org.wxplatform.account.token;

/** What WeChat answered to a fetch: the credential and its lifetime in seconds ({@code expires_in}). */
public record Issued(String value, long expiresInSeconds) {

    public Issued {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("WeChat issued an empty credential");
        }
        if (expiresInSeconds <= 0) {
            throw new IllegalArgumentException("WeChat issued a credential with expires_in " + expiresInSeconds);
        }
    }
}
