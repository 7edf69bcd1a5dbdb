package org.wxplatform.account.wechat;

import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.redis.TokenBucket;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How often one account's credential may be fetched from WeChat, across all nodes: a token bucket in Redis
 * of {@code WXP_TOKEN_FETCHES_PER_HOUR} (20) fetches an hour with bursts of {@code WXP_TOKEN_FETCH_BURST}
 * (5). WeChat allows 2,000 access_token fetches a day; a token expires after 2 hours, so a healthy account
 * needs 12, and anything that keeps asking (a loop of 40001 answers because another system holds the same
 * AppSecret, a fetch that keeps failing) is stopped here long before the day's quota is gone. A refused
 * fetch is a {@link RateLimitedException} (transient): the central control holds the failure and backs off.
 * Without Redis nobody can store a fetched token either, so the fetch goes ahead.
 */
public final class FetchBudget {

    private final JedisPool pool;
    private final double perSecond;
    private final int burst;

    public FetchBudget(JedisPool pool, double perHour, int burst) {
        if (perHour <= 0 || burst < 1) {
            throw new IllegalArgumentException("fetch budget settings must be positive");
        }
        this.pool = pool;
        this.perSecond = perHour / 3600.0;
        this.burst = burst;
    }

    static FetchBudget fromSettings(JedisPool pool) {
        return new FetchBudget(
                pool, Settings.getInt("WXP_TOKEN_FETCHES_PER_HOUR", 20), Settings.getInt("WXP_TOKEN_FETCH_BURST", 5));
    }

    /** Takes one fetch of {@code kind} for the account, or throws when the budget is spent. */
    void take(String appid, String kind, String path) throws RateLimitedException {
        long r;
        try (Jedis jedis = pool.getResource()) {
            String key = "wxp:fetchbudget:" + kind + ":" + appid;
            r = TokenBucket.take(jedis, key, key + ":hold", perSecond, burst);
        } catch (JedisException e) {
            return;
        }
        if (r != 0) {
            throw new RateLimitedException(
                    path,
                    45009,
                    kind + " fetches of " + appid + " are limited to " + Math.round(perSecond * 3600) + " an hour"
                            + " (next in " + Math.abs(r) / 1000 + " s)");
        }
    }
}
