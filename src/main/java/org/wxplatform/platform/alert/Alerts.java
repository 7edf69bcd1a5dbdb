package org.wxplatform.platform.alert;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.params.SetParams;

/**
 * Alerts for operators (abnormal users, queue depth, token fetch limits ...): one line in the server
 * log prefixed {@code WXP-ALERT} and a row in the {@code alert} table for the admin. The same kind
 * and subject alert at most once per {@code quietSeconds} across the cluster, so a flood does not
 * become a flood of alerts.
 */
@ApplicationScoped
public class Alerts {

    private static final Logger LOG = Logger.getLogger(Alerts.class.getName());

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Inject
    JedisPool jedisPool;

    /** Raises an alert unless the same one was raised in the last {@code quietSeconds}; true if raised. */
    public boolean raise(String kind, String subject, String detail, int quietSeconds) {
        try (Jedis jedis = jedisPool.getResource()) {
            String ok = jedis.set(
                    "wxp:alert:" + kind + ":" + subject,
                    "1",
                    SetParams.setParams().nx().ex(quietSeconds));
            if (ok == null) {
                return false;
            }
        } catch (RuntimeException redisDown) {
            // without Redis every node alerts on its own: more alerts, none lost
        }
        LOG.warning("WXP-ALERT " + kind + " " + subject + ": " + detail);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO alert (kind, subject, detail, node, raised_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, kind);
            ps.setString(2, truncate(subject, 190));
            ps.setString(3, truncate(detail, 1000));
            ps.setString(4, PlatformLifecycle.nodeName());
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warning("alert not stored: " + e.getMessage());
        }
        return true;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
