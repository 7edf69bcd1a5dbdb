package org.wxplatform;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The Redis of the unit tests that need a real one: {@code WXP_TEST_REDIS_URL} (set by {@code
 * scripts/test}; default db 1). A test class calls {@link #openOrSkip()} once and closes the pool.
 */
public final class TestRedis {

    private TestRedis() {}

    /**
     * A pool that answered a PING. No Redis fails the test with one line (a test that cannot run is not a
     * pass), unless {@code WXP_TEST_ALLOW_SKIP=1} asks for it to be skipped.
     */
    public static JedisPool openOrSkip() {
        String url = System.getenv().getOrDefault("WXP_TEST_REDIS_URL", "redis://127.0.0.1:6379/1");
        JedisPool candidate = new JedisPool(URI.create(url), 1000);
        try (Jedis jedis = candidate.getResource()) {
            jedis.ping();
        } catch (RuntimeException e) {
            candidate.close();
            if ("1".equals(System.getenv("WXP_TEST_ALLOW_SKIP"))) {
                Assumptions.abort("no Redis at " + url);
            }
            throw new IllegalStateException(
                    "no Redis at " + url + " (scripts/services starts one; WXP_TEST_ALLOW_SKIP=1 skips these tests)",
                    e);
        }
        return candidate;
    }
}
