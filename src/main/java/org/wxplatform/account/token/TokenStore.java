package org.wxplatform.account.token;

/**
 * The shared state behind {@link TokenCentral}: in production {@link RedisTokenStore}. Every method may
 * fail silently in the way seed 000 describes (a write that reports success but is not there): callers
 * confirm writes by reading them back.
 */
public interface TokenStore {

    /** The stored credential, or null. */
    Token read(String key);

    /**
     * Writes {@code token} unless the stored one has the same or a higher version (fencing), with a time
     * to live; returns whether the store reported the write.
     */
    boolean writeIfNewer(String key, Token token, long ttlMillis);

    /** SET NX PX: true when {@code owner} now holds the lock. */
    boolean tryLock(String key, String owner, long ttlMillis);

    /** Releases the lock only if {@code owner} still holds it. */
    void unlock(String key, String owner);

    /** The next fencing version (monotonic per key, never reused). */
    long nextVersion(String key);

    /** Adds one to a counter that lives {@code ttlSeconds}; returns the new count. */
    long increment(String key, long ttlSeconds);

    /** The counter's value (0 when absent). */
    long counter(String key);
}
