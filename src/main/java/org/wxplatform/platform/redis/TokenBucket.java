package org.wxplatform.platform.redis;

import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * A token bucket shared by all nodes, kept in Redis: the script takes the time from Redis, so node clocks
 * do not matter, and refills {@code perSecond} tokens up to {@code burst}; the bucket outlives twice its
 * refill time, so a slow bucket (tokens an hour) is not forgotten between calls. A second key, when it exists,
 * is a hold: nobody takes a token until it expires (a back-off window set after the far side said "too
 * fast" or "busy").
 */
public final class TokenBucket {

    /** Returns 0 to go, a positive ms to wait for the bucket, or a negative ms while the hold lasts. */
    static final String TAKE = "local off = redis.call('PTTL', KEYS[2]) "
            + "if off > 0 then return -off end "
            + "local rate = tonumber(ARGV[1]) local burst = tonumber(ARGV[2]) "
            + "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) "
            + "local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts') "
            + "local tokens = tonumber(b[1]) or burst local ts = tonumber(b[2]) or now "
            + "tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000) "
            + "local wait = 0 "
            + "if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end "
            + "redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now)) "
            + "redis.call('PEXPIRE', KEYS[1], math.max(60000, math.ceil(burst * 2000 / rate))) "
            + "return wait";

    private TokenBucket() {}

    /**
     * Takes one token of bucket {@code bucketKey} unless {@code holdKey} holds: 0 when taken, a positive
     * number of ms to wait before trying again, or minus the ms left of the hold.
     */
    public static long take(Jedis jedis, String bucketKey, String holdKey, double perSecond, int burst) {
        return (Long) jedis.eval(
                TAKE, List.of(bucketKey, holdKey), List.of(Double.toString(perSecond), Integer.toString(burst)));
    }
}
