package org.wxplatform.admin.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;

/**
 * Sessions of people (admin pages, agent console) kept in Redis, so any node accepts a session that
 * another node made: the servlet container's session is not used for identity at all.
 *
 * <p>A session id is 256 random bits (hex) carried in the {@value #COOKIE} cookie; Redis holds {@code
 * wxp:session:<id>} (a hash: user, role, csrf, created, seen) with a sliding idle timeout of {@code
 * WXP_SESSION_IDLE_SECONDS} (1800), and {@code wxp:session:user:<user>} (a set of the user's session
 * ids) so that all sessions of one user can be ended at once (role change, disable, delete).
 */
@ApplicationScoped
public class SessionStore {

    public static final String COOKIE = "WXPSESSION";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a session belongs to. */
    public record Session(String id, String user, String role, String csrf) {}

    @Inject
    JedisPool jedisPool;

    private final int idleSeconds;

    public SessionStore() {
        this(null, Settings.getInt("WXP_SESSION_IDLE_SECONDS", 1800));
    }

    SessionStore(JedisPool jedisPool, int idleSeconds) {
        this.jedisPool = jedisPool;
        this.idleSeconds = idleSeconds;
    }

    public int idleSeconds() {
        return idleSeconds;
    }

    /** A new session for {@code user} with a fresh CSRF token. */
    public Session create(String user, String role) {
        Session s = new Session(random(32), user, role, random(24));
        String now = Instant.now().toString();
        try (Jedis jedis = jedisPool.getResource()) {
            Pipeline p = jedis.pipelined();
            p.hset(key(s.id()), Map.of("user", user, "role", role, "csrf", s.csrf(), "created", now, "seen", now));
            p.expire(key(s.id()), idleSeconds);
            p.sadd(userKey(user), s.id());
            p.expire(userKey(user), idleSeconds * 2L + 60);
            p.sync();
        }
        return s;
    }

    /** The live session of this id (its idle time starts again), or empty. */
    public Optional<Session> find(String id) {
        if (id == null || !id.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        try (Jedis jedis = jedisPool.getResource()) {
            Map<String, String> h = jedis.hgetAll(key(id));
            if (h == null || h.get("user") == null) {
                return Optional.empty();
            }
            Pipeline p = jedis.pipelined();
            p.hset(key(id), "seen", Instant.now().toString());
            p.expire(key(id), idleSeconds);
            p.expire(userKey(h.get("user")), idleSeconds * 2L + 60);
            p.sync();
            return Optional.of(new Session(id, h.get("user"), h.get("role"), h.get("csrf")));
        }
    }

    /** Ends one session. */
    public void end(String id) {
        if (id == null || !id.matches("[0-9a-f]{64}")) {
            return;
        }
        try (Jedis jedis = jedisPool.getResource()) {
            String user = jedis.hget(key(id), "user");
            jedis.del(key(id));
            if (user != null) {
                jedis.srem(userKey(user), id);
            }
        }
    }

    /** Ends every session of {@code user} (its role changed, it was disabled or deleted). */
    public void endAll(String user) {
        try (Jedis jedis = jedisPool.getResource()) {
            Set<String> ids = jedis.smembers(userKey(user));
            Pipeline p = jedis.pipelined();
            for (String id : ids) {
                p.del(key(id));
            }
            p.del(userKey(user));
            p.sync();
        }
    }

    private static String key(String id) {
        return "wxp:session:" + id;
    }

    private static String userKey(String user) {
        return "wxp:session:user:" + user;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
