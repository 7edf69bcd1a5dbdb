package org.wxplatform.platform.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * The one {@link JedisPool} of a node, configured from {@code WXP_REDIS_URL}
 * ({@code redis://[:password@]host:port[/db]}). Short time limits: Redis is on every hot path, and a
 * Redis that does not answer must fail fast so callers can fall back (the callback dedupe falls back to
 * the database).
 */
@ApplicationScoped
public class RedisProducer {

    // @Singleton, not @ApplicationScoped: JedisPool has final methods and cannot be proxied
    @Produces
    @Singleton
    JedisPool jedisPool() {
        URI uri = URI.create(Settings.get("WXP_REDIS_URL", "redis://127.0.0.1:6379"));
        JedisPoolConfig pool = new JedisPoolConfig();
        int max = Settings.getInt("WXP_REDIS_POOL_MAX", 64);
        pool.setMaxTotal(max);
        // idle up to the maximum: under a burst, returning connections beyond a lower idle cap would be
        // closed and reopened on the next request, a TCP and AUTH/SELECT handshake per callback
        pool.setMaxIdle(max);
        pool.setMinIdle(Math.min(8, max));
        pool.setMaxWait(Duration.ofMillis(1000));
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(1000)
                .socketTimeoutMillis(2000)
                .clientName("wxplatform");
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) {
                    client.user(userInfo.substring(0, colon));
                }
                client.password(userInfo.substring(colon + 1));
            } else {
                client.password(userInfo);
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            client.database(Integer.parseInt(path.substring(1)));
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        return new JedisPool(pool, new HostAndPort(uri.getHost(), port), client.build());
    }

    void close(@Disposes JedisPool pool) {
        pool.close();
    }
}
