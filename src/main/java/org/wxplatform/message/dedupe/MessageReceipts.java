package org.wxplatform.message.dedupe;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.message.route.Prefetch;
import org.wxplatform.message.route.Prefetched;
import org.wxplatform.platform.NodeHeartbeat;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;

/**
 * Exactly-once execution of a callback per message key (SPEC §1.6): received → processing → done,
 * with the reply kept, so that every retry of a message gets the reply of its first delivery and the
 * work runs once.
 *
 * <p>Redis holds the state ({@code wxp:msg:{appid}:{key}}: {@code P} while processing, {@code D<reply>}
 * when done, for {@value #DONE_TTL_SECONDS} s, far beyond WeChat's retry window of about 15 s). When
 * Redis cannot be reached, a row with a unique key in {@code msg_receipt} plays the same role. A retry
 * that arrives while the first delivery is still processing waits for it until the caller's deadline
 * and then answers the same reply, or {@code success} if the first is not done by then.
 *
 * <p>If the work throws, the claim is released so that WeChat's next retry may run it again: a failed
 * first delivery must not swallow the message. A claim names the node instance that holds it; a retry
 * that finds the claim of an instance whose heartbeat has expired ({@link NodeHeartbeat}: a node killed
 * mid-work) takes the claim over and does the work, so the message is neither lost nor done twice by
 * live nodes. (Business actions below are idempotent per message key as well, e.g. transactions.)
 */
@ApplicationScoped
public class MessageReceipts {

    static final int DONE_TTL_SECONDS = 3600;
    /** How long a claim lasts if its node dies mid-work; the callback itself never takes this long. */
    static final int PROCESSING_TTL_SECONDS = 30;

    private static final long POLL_MILLIS = 20;
    private static final Logger LOG = Logger.getLogger(MessageReceipts.class.getName());

    /** The outcome of one delivery. */
    public record Outcome(String reply, boolean executedHere) {}

    /**
     * The checks a callback makes in the same Redis call as its claim (SPEC §1.6-1.8): the replay check
     * of its (timestamp, nonce) and, for a text or a menu click, the repeated-request screen.
     *
     * @param nonceKey {@code wxp:nonce:{appid}:{timestamp}:{nonce}}
     * @param digest the SHA-1 of the decrypted message: a retry of the same message passes the replay check
     * @param nonceTtlSeconds how long the nonce is remembered
     * @param openid the sender
     * @param action the screened action ({@link RepeatScreen#actionOf}), or null for messages not screened
     * @param prefetch keys read in the same call for the delivery that runs the work ({@link Prefetch})
     */
    public record Gate(
            String nonceKey, String digest, long nonceTtlSeconds, String openid, String action, List<String> prefetch) {

        public Gate {
            prefetch = List.copyOf(prefetch);
        }

        public Gate(String nonceKey, String digest, long nonceTtlSeconds, String openid, String action) {
            this(nonceKey, digest, nonceTtlSeconds, openid, action, List.of());
        }
    }

    /** The (timestamp, nonce) of the callback came before with another message: a forged replay. */
    public static final class Replayed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Replayed() {
            super("nonce already used with another message (replay)", null, false, false);
        }
    }

    @Inject
    JedisPool jedisPool;

    @Inject
    RepeatScreen repeatScreen;

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    /**
     * The state of a message, or {@value #TAKEN_OVER} when it was claimed by a node instance whose
     * heartbeat has expired and is now claimed by the caller. A claim without an instance is never
     * taken over.
     */
    static final String POLL = "local s = redis.call('GET', KEYS[1]) "
            + "if s and #s > 1 and string.sub(s, 1, 1) == 'P' "
            + "and redis.call('EXISTS', ARGV[3] .. string.sub(s, 2)) == 0 then "
            + "  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 'T' "
            + "end "
            + "return s";

    static final String TAKEN_OVER = "T";

    /**
     * One round trip for everything a callback checks before its work: the replay check (KEYS[2] keeps
     * the digest ARGV[4] of the message first seen with this timestamp and nonce; another digest is
     * {@code R}), the claim (KEYS[1]: {@code C} claimed, {@code T} taken over from a node instance whose
     * heartbeat key ARGV[3]..instance has expired, {@code D<reply>} done, {@code P} still processing
     * elsewhere), then, for the delivery that will run the work and a screened action (ARGV[8] = 1), the
     * repeat screen (KEYS[3] holds the message key that did the action within the window; another
     * message's key there is a repeat, counted per minute in KEYS[4]), and for that delivery the values of
     * the {@link Prefetch} keys KEYS[5..]. Returns {state, repeats, values...}: repeats is 0 when the
     * delivery is not a repeat, else the sender's repeats in the current minute; a missing key's value is nil.
     */
    static final String GATE = "local n = redis.call('SET', KEYS[2], ARGV[4], 'NX', 'EX', ARGV[5]) "
            + "if not n and redis.call('GET', KEYS[2]) ~= ARGV[4] then return {'R', 0} end "
            + "local state = 'C' "
            + "if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then "
            + "  local s = redis.call('GET', KEYS[1]) "
            + "  if string.sub(s, 1, 1) == 'D' then return {s, 0} "
            + "  elseif #s > 1 and string.sub(s, 1, 1) == 'P' "
            + "      and redis.call('EXISTS', ARGV[3] .. string.sub(s, 2)) == 0 then "
            + "    redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) state = 'T' "
            + "  else return {'P', 0} end "
            + "end "
            + "local repeats = 0 "
            + "if ARGV[8] == '1' and not redis.call('SET', KEYS[3], ARGV[6], 'NX', 'EX', ARGV[7]) "
            + "    and redis.call('GET', KEYS[3]) ~= ARGV[6] then "
            + "  repeats = redis.call('INCR', KEYS[4]) "
            + "  if repeats == 1 then redis.call('EXPIRE', KEYS[4], 60) end "
            + "end "
            + "local out = {state, repeats} "
            + "for i = 5, #KEYS do out[i - 2] = redis.call('GET', KEYS[i]) end "
            + "return out";

    private static final String GATE_SHA = sha1Hex(GATE);

    /** This node's instance, written into its claims (see {@link NodeHeartbeat}). */
    String self = NodeHeartbeat.INSTANCE;

    private final String noReply = "success";
    private final boolean redisEnabled = !Settings.getBoolean("WXP_DEDUPE_DB_ONLY", false);

    /**
     * Runs {@code work} if this is the first delivery of the message, else waits for the first
     * delivery's reply until {@code deadlineNanos} ({@link System#nanoTime()} scale).
     */
    public Outcome process(String appid, String key, Supplier<String> work, long deadlineNanos) {
        if (redisEnabled) {
            try {
                return viaRedis(appid, key, work, deadlineNanos);
            } catch (RedisUnavailable e) {
                LOG.log(
                        Level.WARNING,
                        "Redis unavailable, message receipts fall back to the database: {0}",
                        e.getMessage());
            }
        }
        return viaDatabase(appid, key, work, deadlineNanos);
    }

    /**
     * As {@link #process(String, String, Supplier, long)}, with the replay check and the repeat screen of
     * {@code gate} made in the same Redis call as the claim; the reply is kept in a second call. When
     * Redis is unavailable the claim falls back to the database, the replay check is skipped and the
     * repeat screen is left to {@link RepeatScreen#isRepeat} (which lets the action run).
     *
     * @throws Replayed when the (timestamp, nonce) came before with another message; nothing was claimed
     */
    public Outcome process(String appid, String key, Gate gate, Supplier<String> work, long deadlineNanos) {
        if (redisEnabled) {
            try {
                return viaGate(appid, key, gate, work, deadlineNanos);
            } catch (RedisUnavailable e) {
                LOG.log(
                        Level.WARNING,
                        "Redis unavailable, message receipts fall back to the database: {0}",
                        e.getMessage());
            }
        }
        return viaDatabase(appid, key, work, deadlineNanos);
    }

    private Outcome viaGate(String appid, String key, Gate gate, Supplier<String> work, long deadline) {
        String redisKey = "wxp:msg:" + appid + ":" + key;
        boolean screened = gate.action() != null;
        String repeatKey = screened ? RepeatScreen.key(appid, gate.openid(), gate.action()) : redisKey;
        String counterKey = screened ? RepeatScreen.counterKey(appid, gate.openid()) : redisKey;
        List<String> keys = new ArrayList<>(4 + gate.prefetch().size());
        keys.addAll(List.of(redisKey, gate.nonceKey(), repeatKey, counterKey));
        keys.addAll(gate.prefetch());
        List<String> args = List.of(
                "P" + self,
                Integer.toString(PROCESSING_TTL_SECONDS),
                NodeHeartbeat.PREFIX,
                gate.digest(),
                Long.toString(gate.nonceTtlSeconds()),
                key,
                Integer.toString(repeatScreen.window()),
                screened ? "1" : "0");
        List<?> result;
        try (Jedis jedis = jedisPool.getResource()) {
            result = (List<?>) evalGate(jedis, keys, args);
        } catch (JedisException e) {
            throw new RedisUnavailable(e);
        }
        String state = (String) result.get(0);
        long repeats = (Long) result.get(1);
        switch (state.charAt(0)) {
            case 'R':
                throw new Replayed();
            case 'D':
                return new Outcome(state.substring(1), false);
            case 'P':
                return waitForFirst(appid, key, redisKey, work, deadline);
            default:
                if (TAKEN_OVER.equals(state)) {
                    LOG.info("message " + redisKey + " taken over from a node that stopped while handling it");
                }
                if (!gate.prefetch().isEmpty()) {
                    Map<String, String> read = new HashMap<>();
                    for (int i = 0; i < gate.prefetch().size(); i++) {
                        Object v = i + 2 < result.size() ? result.get(i + 2) : null;
                        read.put(gate.prefetch().get(i), v instanceof String s ? s : null);
                    }
                    Prefetched.open(read);
                }
                try {
                    if (!screened) {
                        return runClaimed(redisKey, work);
                    }
                    RepeatScreen.Verdict verdict =
                            new RepeatScreen.Verdict(appid, gate.openid(), gate.action(), key, repeats);
                    repeatScreen.prescreen(verdict);
                    try {
                        return runClaimed(redisKey, work);
                    } finally {
                        repeatScreen.clearPrescreen();
                    }
                } finally {
                    Prefetched.close();
                }
        }
    }

    private static Object evalGate(Jedis jedis, List<String> keys, List<String> args) {
        try {
            return jedis.evalsha(GATE_SHA, keys, args);
        } catch (JedisNoScriptException e) {
            return jedis.eval(GATE, keys, args); // loads it for the next callbacks
        }
    }

    private static String sha1Hex(String script) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Outcome viaRedis(String appid, String key, Supplier<String> work, long deadline) {
        String redisKey = "wxp:msg:" + appid + ":" + key;
        String claimed;
        try (Jedis jedis = jedisPool.getResource()) {
            claimed = jedis.set(redisKey, "P" + self, SetParams.setParams().nx().ex(PROCESSING_TTL_SECONDS));
        } catch (JedisException e) {
            throw new RedisUnavailable(e);
        }
        return claimed != null ? runClaimed(redisKey, work) : waitForFirst(appid, key, redisKey, work, deadline);
    }

    private Outcome runClaimed(String redisKey, Supplier<String> work) {
        String reply;
        try {
            reply = work.get();
        } catch (RuntimeException e) {
            release(() -> {
                try (Jedis jedis = jedisPool.getResource()) {
                    jedis.del(redisKey);
                }
            });
            throw e;
        }
        try (Jedis jedis = jedisPool.getResource()) {
            jedis.setex(redisKey, DONE_TTL_SECONDS, "D" + reply);
        } catch (JedisException e) {
            LOG.warning("reply of " + redisKey + " not kept (Redis): " + e.getMessage());
        }
        return new Outcome(reply, true);
    }

    private Outcome waitForFirst(String appid, String key, String redisKey, Supplier<String> work, long deadline) {
        while (true) {
            String state;
            try (Jedis jedis = jedisPool.getResource()) {
                state = (String) jedis.eval(
                        POLL,
                        List.of(redisKey),
                        List.of("P" + self, Integer.toString(PROCESSING_TTL_SECONDS), NodeHeartbeat.PREFIX));
            } catch (JedisException e) {
                return new Outcome(noReply, false); // it was claimed: never run twice
            }
            if (TAKEN_OVER.equals(state)) {
                LOG.info("message " + redisKey + " taken over from a node that stopped while handling it");
                return runClaimed(redisKey, work);
            }
            if (state != null && state.startsWith("D")) {
                return new Outcome(state.substring(1), false);
            }
            if (state == null) {
                // the claim was released (the first delivery failed) or expired: this delivery takes over
                return viaRedis(appid, key, work, deadline);
            }
            if (!sleepUntil(deadline)) {
                return new Outcome(noReply, false);
            }
        }
    }

    private Outcome viaDatabase(String appid, String key, Supplier<String> work, long deadline) {
        try {
            if (claimInDatabase(appid, key)) {
                String reply;
                try {
                    reply = work.get();
                } catch (RuntimeException e) {
                    release(() -> deleteReceipt(appid, key));
                    throw e;
                }
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps = c.prepareStatement(
                                "UPDATE msg_receipt SET state = 'D', reply = ? WHERE appid = ? AND msg_key = ?")) {
                    ps.setString(1, reply);
                    ps.setString(2, appid);
                    ps.setString(3, key);
                    ps.executeUpdate();
                }
                return new Outcome(reply, true);
            }
            while (true) {
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps = c.prepareStatement(
                                "SELECT state, reply FROM msg_receipt WHERE appid = ? AND msg_key = ?")) {
                    ps.setString(1, appid);
                    ps.setString(2, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return viaDatabase(appid, key, work, deadline);
                        }
                        if ("D".equals(rs.getString(1))) {
                            return new Outcome(rs.getString(2), false);
                        }
                    }
                }
                if (!sleepUntil(deadline)) {
                    return new Outcome(noReply, false);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("neither Redis nor the database can record message " + key, e);
        }
    }

    private boolean claimInDatabase(String appid, String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO msg_receipt (appid, msg_key, state, created_at) VALUES (?, ?, 'P', ?)")) {
            ps.setString(1, appid);
            ps.setString(2, key);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
            return true;
        } catch (SQLIntegrityConstraintViolationException duplicate) {
            return false;
        }
    }

    private void deleteReceipt(String appid, String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM msg_receipt WHERE appid = ? AND msg_key = ?")) {
            ps.setString(1, appid);
            ps.setString(2, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void release(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warning("claim not released; it expires by itself: " + e.getMessage());
        }
    }

    private static boolean sleepUntil(long deadline) {
        if (System.nanoTime() + POLL_MILLIS * 1_000_000 > deadline) {
            return false;
        }
        try {
            Thread.sleep(POLL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class RedisUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedisUnavailable(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
