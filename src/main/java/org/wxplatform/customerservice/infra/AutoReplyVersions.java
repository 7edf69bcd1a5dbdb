package org.wxplatform.customerservice.infra;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The version stamps of the auto-reply caches in Redis: {@value #KEY_PREFIX}{@code {appid}}. A write
 * stores a new random stamp rather than incrementing a counter, so that a Redis that lost its data (and
 * would count from 1 again) cannot hand out a stamp some node already holds. No expiry: a missing key
 * reads as 0 and every node then reloads once.
 */
@ApplicationScoped
public class AutoReplyVersions {

    public static final String KEY_PREFIX = "wxp:cs:autoreply:ver:";

    @Inject
    JedisPool jedisPool;

    /** The stamp of {@code appid} (0 when none was ever stored). */
    public long read(String appid) {
        try (Jedis jedis = jedisPool.getResource()) {
            String value = jedis.get(KEY_PREFIX + appid);
            return value == null ? 0 : Long.parseLong(value);
        }
    }

    /** Stores a new stamp for {@code appid}; every node reloads within a second. */
    public void bump(String appid) {
        long stamp;
        do {
            stamp = ThreadLocalRandom.current().nextLong();
        } while (stamp == 0 || stamp == SnapshotCache.UNKNOWN);
        try (Jedis jedis = jedisPool.getResource()) {
            jedis.set(KEY_PREFIX + appid, Long.toString(stamp));
        }
    }
}
