package org.wxplatform.account.token;

/**
 * A confirmed credential (an access_token or a jsapi_ticket) as stored in Redis: its value, the fencing
 * version it was written with, and the absolute expiry WeChat gave it (epoch milliseconds, computed from
 * the moment the fetch started, so it is never later than WeChat's own).
 *
 * <p>Only {@link TokenCentral} creates instances for callers, and only after reading them back from
 * the store: holding a {@code Token} means it is stored.
 */
public record Token(String value, long version, long expiresAt, long ttlMillis) {

    public Token {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("token value is empty");
        }
        if (version <= 0) {
            throw new IllegalArgumentException("token version must be positive: " + version);
        }
        if (ttlMillis <= 0) {
            throw new IllegalArgumentException("token lifetime must be positive: " + ttlMillis);
        }
    }

    /**
     * When a refresh starts: a fifth of the lifetime before expiry, at most five minutes (WeChat keeps the
     * previous token valid for five minutes after a new fetch), so short test lifetimes scale down.
     */
    public long refreshAt() {
        return expiresAt - Math.min(ttlMillis / 5, 300_000L);
    }

    /**
     * The last moment the token is handed out: a tenth of the lifetime before expiry (at most a minute),
     * leaving room for the call that uses it to reach WeChat.
     */
    public long usableUntil() {
        return expiresAt - Math.min(ttlMillis / 10, 60_000L);
    }

    public boolean fresh(long now) {
        return now < refreshAt();
    }

    public boolean usable(long now) {
        return now < usableUntil();
    }

    /** The stored form: {@code version|expiresAt|ttlMillis|value} (the value last, so it may hold anything). */
    String encode() {
        return version + "|" + expiresAt + "|" + ttlMillis + "|" + value;
    }

    static Token decode(String stored) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split("\\|", 4);
        if (parts.length != 4) {
            throw new IllegalStateException("malformed stored token");
        }
        return new Token(parts[3], Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }

    @Override
    public String toString() {
        String shown =
                value.length() <= 8 ? "***" : value.substring(0, 4) + "..." + value.substring(value.length() - 4);
        return "Token[v" + version + ", " + shown + ", expiresAt=" + expiresAt + "]";
    }
}
