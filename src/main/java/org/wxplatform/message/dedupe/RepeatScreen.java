package org.wxplatform.message.dedupe;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.message.crypto.Signatures;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.alert.Alerts;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Repeated-request screening (SPEC §1.8, seed 001 §4.5): the same user doing the same action (same
 * text, same menu key) within {@code WXP_REPEAT_WINDOW_SECONDS} (default 10) is not executed again.
 * Each screened repeat is recorded in {@code msg_repeat} for operators, and a user who repeats more
 * than {@code WXP_REPEAT_ALERT_PER_MINUTE} (default 20) times in a minute raises an alert.
 *
 * <p>This is not the retry dedupe: retries of one message carry the same MsgId and are handled by
 * {@link MessageReceipts}; repeats are new messages with the same meaning.
 */
@ApplicationScoped
public class RepeatScreen {

    private static final Logger LOG = Logger.getLogger(RepeatScreen.class.getName());

    @Inject
    JedisPool jedisPool;

    @Inject
    Alerts alerts;

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    private final int window = Settings.getInt("WXP_REPEAT_WINDOW_SECONDS", 10);
    private final int alertPerMinute = Settings.getInt("WXP_REPEAT_ALERT_PER_MINUTE", 20);

    /**
     * The screen of one delivery made ahead of routing, in the callback's one Redis call with its claim
     * ({@link MessageReceipts#process(String, String, MessageReceipts.Gate, java.util.function.Supplier,
     * long)}): {@code repeats} is 0 for no repeat, else the sender's repeats in the current minute.
     */
    record Verdict(String appid, String openid, String action, String msgKey, long repeats) {
        boolean answers(String appid, String openid, String action, String msgKey) {
            return this.appid.equals(appid)
                    && this.openid.equals(openid)
                    && this.action.equals(action)
                    && this.msgKey.equals(msgKey);
        }
    }

    /** The verdict of the delivery this thread is running, between its claim and the end of its work. */
    private final ThreadLocal<Verdict> prescreened = new ThreadLocal<>();

    /**
     * True when the same user did the same action within the window; the repeat is then recorded. When
     * Redis is down nothing is screened (the action runs; exactly-once of each message still holds).
     */
    public boolean isRepeat(String appid, String openid, String action, String msgKey) {
        Verdict verdict = prescreened.get();
        if (verdict != null && verdict.answers(appid, openid, action, msgKey)) {
            prescreened.remove(); // one screen per delivery
            if (verdict.repeats() == 0) {
                return false;
            }
            alertIfAbnormal(appid, openid, verdict.repeats());
            record(appid, openid, action, msgKey);
            return true;
        }
        String key = key(appid, openid, action);
        boolean repeat;
        try (Jedis jedis = jedisPool.getResource()) {
            // the same message again (a retry that took over the claim of a killed node) is no repeat
            repeat = jedis.set(key, msgKey, SetParams.setParams().nx().ex(window)) == null
                    && !msgKey.equals(jedis.get(key));
            if (repeat) {
                String counter = counterKey(appid, openid);
                long count = jedis.incr(counter);
                if (count == 1) {
                    jedis.expire(counter, 60);
                }
                alertIfAbnormal(appid, openid, count);
            }
        } catch (JedisException e) {
            LOG.warning("repeat screen skipped (Redis): " + e.getMessage());
            return false;
        }
        if (repeat) {
            record(appid, openid, action, msgKey);
        }
        return repeat;
    }

    /**
     * The action of a message as the router screens it: {@code text:} and the stripped content of a text,
     * {@code click:} and the key of a menu click; null for every other message (not screened).
     */
    public static String actionOf(InboundMessage message) {
        if (message instanceof InboundMessage.Text t) {
            return "text:" + t.content().strip();
        }
        if (message instanceof InboundMessage.Click c) {
            return "click:" + c.eventKey();
        }
        return null;
    }

    int window() {
        return window;
    }

    static String key(String appid, String openid, String action) {
        return "wxp:rep:" + appid + ":" + openid + ":" + digest(action);
    }

    static String counterKey(String appid, String openid) {
        return "wxp:rep:count:" + appid + ":" + openid;
    }

    void prescreen(Verdict verdict) {
        prescreened.set(verdict);
    }

    void clearPrescreen() {
        prescreened.remove();
    }

    private void alertIfAbnormal(String appid, String openid, long count) {
        if (count > alertPerMinute) {
            alerts.raise(
                    "abnormal-user",
                    appid + "/" + openid,
                    count + " repeated requests within a minute (possible attack)",
                    600);
        }
    }

    private void record(String appid, String openid, String action, String msgKey) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO msg_repeat (appid, openid, action, msg_key, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            ps.setString(3, action.length() > 300 ? action.substring(0, 300) : action);
            ps.setString(4, msgKey);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warning("repeat not recorded: " + e.getMessage());
        }
    }

    static String digest(String action) {
        MessageDigest sha1 = Signatures.sha1();
        sha1.reset();
        byte[] d = sha1.digest(action.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 10);
    }
}
