package org.wxplatform.account.wechat;

import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.JedisPool;

/** The product's rate limiter settings. */
final class ApiRateLimiters {

    private ApiRateLimiters() {}

    /**
     * {@code WXP_WECHAT_RATE_PER_SECOND} (100) calls per second per account with bursts of as many;
     * {@code WXP_WECHAT_RATE_MAX_WAIT_MS} (2000) the longest a caller waits; back-off after 45009/45047/-1
     * from {@code WXP_WECHAT_BACKOFF_BASE_MS} (1000), doubling, up to {@code WXP_WECHAT_BACKOFF_MAX_MS}
     * (60000).
     */
    static ApiRateLimiter fromSettings(JedisPool pool) {
        int rate = Settings.getInt("WXP_WECHAT_RATE_PER_SECOND", 100);
        return new ApiRateLimiter(
                pool,
                rate,
                rate,
                Settings.getInt("WXP_WECHAT_RATE_MAX_WAIT_MS", 2000),
                Settings.getInt("WXP_WECHAT_BACKOFF_BASE_MS", 1000),
                Settings.getInt("WXP_WECHAT_BACKOFF_MAX_MS", 60_000));
    }
}
