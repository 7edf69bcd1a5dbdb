package org.wxplatform.account.wechat;

import java.util.List;
import org.wxplatform.platform.redis.TokenBucket;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * Per-account limit on WeChat API calls across all nodes: a token bucket in Redis (the script takes the
 * time from Redis, so node clocks do not matter), and a back-off window set when WeChat says 45009/45047
 * (frequency limits) or -1 (busy): the window doubles with each failure in a row (up to a maximum) and
 * every node waits it out before calling again.
 *
 * <p>A caller that would have to wait longer than {@code maxWaitMillis} gets a
 * {@link RateLimitedException} at once (transient): queues keep the work and retry it later.
 */
public final class ApiRateLimiter {

    /** Raises the failure level and opens a back-off window of base * 2^(level-1), capped; returns its ms. */
    static final String BACK_OFF = "local level = redis.call('INCR', KEYS[1]) "
            + "redis.call('EXPIRE', KEYS[1], 300) "
            + "local ms = math.min(tonumber(ARGV[2]), tonumber(ARGV[1]) * 2 ^ math.min(level - 1, 20)) "
            + "redis.call('SET', KEYS[2], '1', 'PX', math.floor(ms)) "
            + "return math.floor(ms)";

    private final JedisPool pool;
    private final double perSecond;
    private final int burst;
    private final long maxWaitMillis;
    private final long backOffBaseMillis;
    private final long backOffMaxMillis;

    public ApiRateLimiter(
            JedisPool pool,
            double perSecond,
            int burst,
            long maxWaitMillis,
            long backOffBaseMillis,
            long backOffMaxMillis) {
        if (perSecond <= 0 || burst < 1 || maxWaitMillis < 0 || backOffBaseMillis <= 0 || backOffMaxMillis <= 0) {
            throw new IllegalArgumentException("rate limiter settings must be positive");
        }
        this.pool = pool;
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxWaitMillis = maxWaitMillis;
        this.backOffBaseMillis = backOffBaseMillis;
        this.backOffMaxMillis = backOffMaxMillis;
    }

    /** Waits for the account's turn, or throws when that would take longer than the maximum wait. */
    public void acquire(String appid, String path) throws RateLimitedException {
        long waited = 0;
        while (true) {
            long r;
            try (Jedis jedis = pool.getResource()) {
                r = TokenBucket.take(jedis, bucketKey(appid), backOffKey(appid), perSecond, burst);
            }
            if (r == 0) {
                return;
            }
            long wait = Math.abs(r);
            if (waited + wait > maxWaitMillis) {
                throw new RateLimitedException(
                        path,
                        45009,
                        r < 0
                                ? "backing off after WeChat's limit or busy answer (" + wait + " ms left)"
                                : "over this platform's rate for the account");
            }
            sleep(wait);
            waited += wait;
        }
    }

    /** WeChat answered 45009/-1: every node holds back for the account's back-off window. */
    public long backOff(String appid) {
        try (Jedis jedis = pool.getResource()) {
            return (Long) jedis.eval(
                    BACK_OFF,
                    List.of(levelKey(appid), backOffKey(appid)),
                    List.of(Long.toString(backOffBaseMillis), Long.toString(backOffMaxMillis)));
        }
    }

    /** Holds customer-service messages to one subscriber back for {@code millis} (after 45047). */
    public void holdUser(String appid, String openid, long millis) {
        try (Jedis jedis = pool.getResource()) {
            jedis.psetex(userHoldKey(appid, openid), Math.max(1, millis), "45047");
        }
    }

    /** Whether customer-service messages to this subscriber are held back. */
    public boolean userHeld(String appid, String openid) {
        try (Jedis jedis = pool.getResource()) {
            return jedis.exists(userHoldKey(appid, openid));
        }
    }

    private static String userHoldKey(String appid, String openid) {
        return "wxp:wechat:kf-quota:" + appid + ":" + openid;
    }

    /** Remaining back-off of the account in ms (0 when none). */
    public long backOffRemaining(String appid) {
        try (Jedis jedis = pool.getResource()) {
            return Math.max(0, jedis.pttl(backOffKey(appid)));
        }
    }

    private static String bucketKey(String appid) {
        return "wxp:wechat:rate:" + appid;
    }

    private static String backOffKey(String appid) {
        return "wxp:wechat:backoff:" + appid;
    }

    private static String levelKey(String appid) {
        return "wxp:wechat:backoff-level:" + appid;
    }

    private static void sleep(long ms) throws RateLimitedException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RateLimitedException("-", 45009, "interrupted while waiting for the rate limit");
        }
    }
}
