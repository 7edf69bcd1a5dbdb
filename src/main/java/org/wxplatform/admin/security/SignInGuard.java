package org.wxplatform.admin.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;
import org.wxplatform.platform.alert.Alerts;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Guessing passwords is slowed down across the cluster (Redis), on three counters of failed sign-ins
 * within {@code WXP_SIGNIN_WINDOW_SECONDS} (900):
 *
 * <ul>
 *   <li>one username from one address: {@code WXP_SIGNIN_MAX_FAILURES} (5) failures lock that pair;
 *   <li>one username from anywhere: {@code WXP_SIGNIN_MAX_PER_USER} (50) lock the username (a
 *       guesser spread over many addresses);
 *   <li>one address, any usernames: {@code WXP_SIGNIN_MAX_PER_ADDRESS} (30) lock the address.
 * </ul>
 *
 * A lock lasts {@code WXP_SIGNIN_LOCK_SECONDS} (900); while it lasts every sign-in it covers is refused
 * before the password is looked at, so a locked guesser learns nothing, not even a right guess. The
 * per-pair lock comes first, so someone guessing an operator's password from one place does not lock
 * the operator out elsewhere. A locked username or address raises an alert. A success clears the
 * pair's count. When Redis is down nothing is counted (sign-in still works; a warning is logged).
 */
@ApplicationScoped
public class SignInGuard {

    private static final Logger LOG = Logger.getLogger(SignInGuard.class.getName());

    /** KEYS: 3 counters then their 3 locks; ARGV: window, lock seconds, 3 limits. Returns the locked scopes. */
    static final String FAIL = "local locked = {} "
            + "for i = 1, 3 do "
            + "  local n = redis.call('INCR', KEYS[i]) "
            + "  if n == 1 then redis.call('EXPIRE', KEYS[i], ARGV[1]) end "
            + "  if n >= tonumber(ARGV[2 + i]) then "
            + "    redis.call('SET', KEYS[3 + i], '1', 'EX', ARGV[2]) redis.call('DEL', KEYS[i]) "
            + "    locked[#locked + 1] = i "
            + "  end "
            + "end "
            + "return locked";

    /** KEYS: the 3 locks. Returns the longest remaining lock in ms (0: none). */
    static final String LOCKED = "local ms = 0 "
            + "for i = 1, 3 do local t = redis.call('PTTL', KEYS[i]) if t > ms then ms = t end end "
            + "return ms";

    private static final String[] SCOPES = {"username from this address", "username", "address"};

    @Inject
    JedisPool jedisPool;

    @Inject
    Alerts alerts;

    private final int window;
    private final int lockSeconds;
    private final int maxPair;
    private final int maxUser;
    private final int maxAddress;

    public SignInGuard() {
        this(
                null,
                null,
                Settings.getInt("WXP_SIGNIN_WINDOW_SECONDS", 900),
                Settings.getInt("WXP_SIGNIN_LOCK_SECONDS", 900),
                Settings.getInt("WXP_SIGNIN_MAX_FAILURES", 5),
                Settings.getInt("WXP_SIGNIN_MAX_PER_USER", 50),
                Settings.getInt("WXP_SIGNIN_MAX_PER_ADDRESS", 30));
    }

    SignInGuard(
            JedisPool jedisPool, Alerts alerts, int window, int lockSeconds, int maxPair, int maxUser, int maxAddress) {
        this.jedisPool = jedisPool;
        this.alerts = alerts;
        this.window = window;
        this.lockSeconds = lockSeconds;
        this.maxPair = maxPair;
        this.maxUser = maxUser;
        this.maxAddress = maxAddress;
    }

    /** Seconds the sign-in of {@code username} from {@code address} stays refused (0: it may try). */
    public long lockedSeconds(String username, String address) {
        try (Jedis jedis = jedisPool.getResource()) {
            long ms = (Long) jedis.eval(LOCKED, locks(username, address), List.of());
            return ms <= 0 ? 0 : (ms + 999) / 1000;
        } catch (JedisException e) {
            LOG.warning("sign-in throttle not checked (Redis): " + e.getMessage());
            return 0;
        }
    }

    /** Counts a failed sign-in; a username or address locked by it raises an alert. */
    public void failed(String username, String address) {
        List<String> keys = new java.util.ArrayList<>(counters(username, address));
        keys.addAll(locks(username, address));
        List<?> locked;
        try (Jedis jedis = jedisPool.getResource()) {
            locked = (List<?>) jedis.eval(
                    FAIL,
                    keys,
                    List.of(
                            Integer.toString(window),
                            Integer.toString(lockSeconds),
                            Integer.toString(maxPair),
                            Integer.toString(maxUser),
                            Integer.toString(maxAddress)));
        } catch (JedisException e) {
            LOG.warning("failed sign-in not counted (Redis): " + e.getMessage());
            return;
        }
        for (Object scope : locked) {
            int i = ((Long) scope).intValue() - 1;
            String subject = i == 2 ? address : i == 1 ? shown(username) : shown(username) + "@" + address;
            LOG.warning("sign-in locked for " + lockSeconds + " s: " + SCOPES[i] + " " + subject);
            if (i > 0) {
                alerts.raise(
                        "signin-lockout",
                        subject,
                        "too many failed sign-ins for this " + SCOPES[i] + ": locked for " + lockSeconds + " s",
                        lockSeconds);
            }
        }
    }

    /** A right password: the pair starts counting again. */
    public void succeeded(String username, String address) {
        try (Jedis jedis = jedisPool.getResource()) {
            jedis.del(counters(username, address).get(0));
        } catch (JedisException e) {
            LOG.fine("sign-in count not cleared (Redis): " + e.getMessage());
        }
    }

    private static List<String> counters(String username, String address) {
        return List.of(
                "wxp:signin:fail:p:" + digest(username) + ":" + address,
                "wxp:signin:fail:u:" + digest(username),
                "wxp:signin:fail:a:" + address);
    }

    private static List<String> locks(String username, String address) {
        return List.of(
                "wxp:signin:lock:p:" + digest(username) + ":" + address,
                "wxp:signin:lock:u:" + digest(username),
                "wxp:signin:lock:a:" + address);
    }

    /**
     * Usernames are whatever a client sent: keys hold a digest of the canonical form (the one the lookup
     * uses, so spellings of one user count together), logs a bounded, printable form.
     */
    static String digest(String username) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(AdminUser.canonical(username).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shown(String username) {
        String s = username.replaceAll("[^\\p{L}\\p{N}._@-]", "?");
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
