package org.wxplatform.business.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Rendered answers per phone and query for {@code WXP_QUERY_CACHE_SECONDS} (60; 0 turns it off), in Redis
 * ({@code wxp:query:{kind}:{phone}}) so every node shares them. Never fails: Redis down is a miss.
 */
@ApplicationScoped
public class QueryCache {

    @Inject
    JedisPool pool;

    public Optional<String> get(String phone, QueryKind kind, int ttlSeconds) {
        if (ttlSeconds <= 0) {
            return Optional.empty();
        }
        try (Jedis jedis = pool.getResource()) {
            return Optional.ofNullable(jedis.get(key(phone, kind)));
        } catch (JedisException e) {
            return Optional.empty();
        }
    }

    public void put(String phone, QueryKind kind, String text, int ttlSeconds) {
        if (ttlSeconds <= 0) {
            return;
        }
        try (Jedis jedis = pool.getResource()) {
            jedis.set(key(phone, kind), text, SetParams.setParams().ex(ttlSeconds));
        } catch (JedisException e) {
            // not cached: the next query asks the carrier again
        }
    }

    private static String key(String phone, QueryKind kind) {
        return "wxp:query:" + kind.name() + ":" + phone;
    }
}
