package org.wxplatform.account.token;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/** The real Redis of the test run ({@code WXP_REDIS_URL}, as scripts/test sets it) and fresh appids. */
public final class TestRedis {

    private TestRedis() {}

    public static String url() {
        return Settings.get("WXP_REDIS_URL", "redis://127.0.0.1:6379");
    }

    public static JedisPool pool(int maxTotal) {
        URI uri = URI.create(url());
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(maxTotal);
        config.setMaxIdle(maxTotal);
        config.setMaxWait(Duration.ofSeconds(5));
        DefaultJedisClientConfig.Builder client =
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(2000).socketTimeoutMillis(5000);
        if (uri.getUserInfo() != null && !uri.getUserInfo().isEmpty()) {
            String u = uri.getUserInfo();
            client.password(u.substring(u.indexOf(':') + 1));
        }
        if (uri.getPath() != null && uri.getPath().length() > 1) {
            client.database(Integer.parseInt(uri.getPath().substring(1)));
        }
        return new JedisPool(
                config, new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), client.build());
    }

    /** A fresh appid ("wx" + 16 hex digits), so tests share no Redis keys. */
    public static String newAppid() {
        return "wx" + String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
