package org.wxplatform.account.token;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.params.SetParams;

/** {@link TokenStore} on Redis: the fencing compare-and-set and the owner-checked unlock are Lua scripts. */
public final class RedisTokenStore implements TokenStore {

    /**
     * Writes ARGV[2] (the encoded token, version first) unless the stored token's version is at least
     * ARGV[1]; ARGV[3] is the time to live in ms. Atomic in Redis, so a slow writer with an older version
     * can never overwrite a newer token, whatever the interleaving.
     */
    static final String WRITE_IF_NEWER = "local cur = redis.call('GET', KEYS[1]) "
            + "if cur then "
            + "  local v = tonumber(string.match(cur, '^(%d+)|')) "
            + "  if v and v >= tonumber(ARGV[1]) then return 0 end "
            + "end "
            + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) "
            + "return 1";

    static final String UNLOCK =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then " + "return redis.call('DEL', KEYS[1]) else return 0 end";

    static final String INCREMENT = "local n = redis.call('INCR', KEYS[1]) "
            + "if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
            + "return n";

    private final JedisPool pool;

    public RedisTokenStore(JedisPool pool) {
        this.pool = pool;
    }

    @Override
    public Token read(String key) {
        try (Jedis jedis = pool.getResource()) {
            return Token.decode(jedis.get(key));
        }
    }

    @Override
    public boolean writeIfNewer(String key, Token token, long ttlMillis) {
        try (Jedis jedis = pool.getResource()) {
            Object r = jedis.eval(
                    WRITE_IF_NEWER,
                    List.of(key),
                    List.of(Long.toString(token.version()), token.encode(), Long.toString(Math.max(1, ttlMillis))));
            return Long.valueOf(1).equals(r);
        }
    }

    @Override
    public boolean tryLock(String key, String owner, long ttlMillis) {
        try (Jedis jedis = pool.getResource()) {
            return "OK".equals(jedis.set(key, owner, SetParams.setParams().nx().px(ttlMillis)));
        }
    }

    @Override
    public void unlock(String key, String owner) {
        try (Jedis jedis = pool.getResource()) {
            jedis.eval(UNLOCK, List.of(key), List.of(owner));
        }
    }

    @Override
    public long nextVersion(String key) {
        try (Jedis jedis = pool.getResource()) {
            return jedis.incr(key);
        }
    }

    @Override
    public long increment(String key, long ttlSeconds) {
        try (Jedis jedis = pool.getResource()) {
            return (Long) jedis.eval(INCREMENT, List.of(key), List.of(Long.toString(ttlSeconds)));
        }
    }

    @Override
    public long counter(String key) {
        try (Jedis jedis = pool.getResource()) {
            String v = jedis.get(key);
            return v == null ? 0 : Long.parseLong(v);
        }
    }
}
