package org.wxplatform.message.dedupe;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.logging.Logger;
import javax.sql.DataSource;
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
     * True when the same user did the same action within the window; the repeat is then recorded. When
     * Redis is down nothing is screened (the action runs; exactly-once of each message still holds).
     */
    public boolean isRepeat(String appid, String openid, String action, String msgKey) {
        String key = "wxp:rep:" + appid + ":" + openid + ":" + digest(action);
        boolean repeat;
        try (Jedis jedis = jedisPool.getResource()) {
            // the same message again (a retry that took over the claim of a killed node) is no repeat
            repeat = jedis.set(key, msgKey, SetParams.setParams().nx().ex(window)) == null
                    && !msgKey.equals(jedis.get(key));
            if (repeat) {
                String counter = "wxp:rep:count:" + appid + ":" + openid;
                long count = jedis.incr(counter);
                if (count == 1) {
                    jedis.expire(counter, 60);
                }
                if (count > alertPerMinute) {
                    alerts.raise(
                            "abnormal-user",
                            appid + "/" + openid,
                            count + " repeated requests within a minute (possible attack)",
                            600);
                }
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
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(action.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
