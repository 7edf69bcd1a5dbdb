package org.wxplatform.platform.rabbit;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.alert.Alerts;
import org.wxplatform.platform.config.Settings;

/**
 * Poison messages out of the way (SPEC §10): a queue message whose processing failed
 * {@code WXP_QUEUE_MAX_FAILURES} times (default 5) on a node, or that cannot even be read, is stored in
 * {@code dead_letter} with its error, an alert is raised, and only then is it acknowledged, so it never
 * blocks its shard (prefetch 1, one active consumer) and is never lost. Operators list them and put one
 * back into its queue ({@link #requeue}).
 *
 * <p>An outage is not a poison: a failure caused by the database, the broker or Redis being unreachable
 * ({@link #isOutage}) is not counted, the message just waits in its queue, in order, for the service to
 * come back.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());

    /** What an operator sees of a dead letter. */
    public record Letter(
            long id,
            String queue,
            String messageId,
            String body,
            String error,
            int failures,
            String node,
            Instant createdAt,
            Instant requeuedAt,
            String requeuedBy) {}

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Inject
    RabbitBroker broker;

    @Inject
    Alerts alerts;

    private final int maxFailures = Math.max(1, Settings.getInt("WXP_QUEUE_MAX_FAILURES", 5));

    /** Failures per message on this node (bounded: a node sees few poison messages at once). */
    private final Map<String, Integer> failures = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 10_000;
        }
    };

    public int maxFailures() {
        return maxFailures;
    }

    /**
     * Records one failed processing of a message.
     *
     * @return true when the message is now stored as a dead letter and must be acknowledged; false when
     *     it must go back to its queue (not yet failed often enough, an outage, or not storable now)
     */
    public boolean failed(String queue, String messageId, byte[] body, Throwable error) {
        if (isOutage(error)) {
            return false;
        }
        String key = queue + "\u0000" + (messageId != null ? messageId : digest(body));
        int n;
        synchronized (failures) {
            n = failures.merge(key, 1, Integer::sum);
        }
        if (n < maxFailures) {
            return false;
        }
        if (!store(queue, messageId, body, describe(error) + " (failed " + n + " times)", n)) {
            return false;
        }
        synchronized (failures) {
            failures.remove(key);
        }
        return true;
    }

    /** A message that cannot be read at all: a dead letter at once. False when it could not be stored. */
    public boolean unreadable(String queue, String messageId, byte[] body, String why) {
        return store(queue, messageId, body, "unreadable: " + why, 1);
    }

    /** Forgets the failures of a message that was processed after all. */
    public void succeeded(String queue, String messageId) {
        if (messageId != null) {
            synchronized (failures) {
                failures.remove(queue + "\u0000" + messageId);
            }
        }
    }

    private boolean store(String queue, String messageId, byte[] body, String error, int count) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO dead_letter (queue, message_id, body, error, failures, node, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, queue);
            ps.setString(2, messageId == null ? null : truncate(messageId, 100));
            ps.setBytes(3, body);
            ps.setString(4, truncate(error, 1000));
            ps.setInt(5, count);
            ps.setString(6, PlatformLifecycle.nodeName());
            ps.setTimestamp(7, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warning("dead letter of " + queue + " not stored, message kept in its queue: " + e.getMessage());
            return false;
        }
        LOG.warning("dead letter from " + queue + " (" + messageId + "): " + error);
        alerts.raise("dead-letter", queue, "message " + messageId + " taken out of " + queue + ": " + error, 300);
        return true;
    }

    /** Newest first; {@code queue} narrows it when not null. */
    public List<Letter> list(String queue, int limit) throws SQLException {
        String sql = "SELECT id, queue, message_id, body, error, failures, node, created_at, requeued_at, requeued_by"
                + " FROM dead_letter" + (queue == null ? "" : " WHERE queue = ?") + " ORDER BY id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (queue != null) {
                ps.setString(i++, queue);
            }
            ps.setInt(i, limit);
            List<Letter> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(letter(rs));
                }
            }
            return out;
        }
    }

    public Optional<Letter> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, queue, message_id, body, error, failures, node, created_at, requeued_at, requeued_by"
                                + " FROM dead_letter WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(letter(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Puts a dead letter back into its queue (once: a second call finds it requeued and answers false).
     * The row is claimed first, so two operators clicking at once publish it once.
     */
    public boolean requeue(long id, String operator) throws SQLException, IOException {
        Optional<Letter> found = find(id);
        if (found.isEmpty()) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE dead_letter SET requeued_at = ?, requeued_by = ? WHERE id = ? AND requeued_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, operator);
            ps.setLong(3, id);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        Letter l = found.get();
        byte[] body = bodyOf(id);
        try {
            var props = RabbitBroker.persistent();
            if (l.messageId() != null) {
                props.messageId(l.messageId());
            }
            broker.publish("", l.queue(), props.build(), body);
        } catch (IOException e) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "UPDATE dead_letter SET requeued_at = NULL, requeued_by = NULL WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            throw e;
        }
        return true;
    }

    private byte[] bodyOf(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT body FROM dead_letter WHERE id = " + id)) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    private static Letter letter(ResultSet rs) throws SQLException {
        Timestamp requeued = rs.getTimestamp(9);
        return new Letter(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                new String(rs.getBytes(4), StandardCharsets.UTF_8),
                rs.getString(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getTimestamp(8).toInstant(),
                requeued == null ? null : requeued.toInstant(),
                rs.getString(10));
    }

    /**
     * True when the failure is a service being unreachable (the database, the broker, Redis), which
     * says nothing about the message: constraint, data and syntax errors of SQL are the message's own.
     */
    public static boolean isOutage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException
                    || t instanceof SQLDataException
                    || t instanceof SQLSyntaxErrorException) {
                return false;
            }
            if (t instanceof SQLException
                    || t instanceof IOException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getName().startsWith("redis.clients.jedis.exceptions.JedisConnection")
                    || t.getClass().getName().equals("com.rabbitmq.client.AlreadyClosedException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String digest(byte[] body) {
        return Integer.toHexString(java.util.Arrays.hashCode(body)) + ":" + body.length;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
