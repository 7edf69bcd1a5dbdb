package org.wxplatform.message.async;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;

/** The {@code async_task} table: the durable state of every deferred piece of work. */
@ApplicationScoped
public class AsyncTasks {

    /** A stored task. */
    public record Row(
            SlowTask task, char state, String result, int sent, int attempts, String lastError, Integer sending) {}

    private static final String SELECT_ROW = "SELECT task_id, appid, openid, kind, payload, state, result, sent,"
            + " attempts, last_error, sending FROM async_task";

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    /** Stores a new task in state Q; false when it was stored before (a retry of the same message). */
    boolean insertQueued(SlowTask t) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO async_task (task_id, appid, openid, kind,"
                        + " payload, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'Q', ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, t.taskId());
            ps.setString(2, t.appid());
            ps.setString(3, t.openid());
            ps.setString(4, t.kind());
            ps.setString(5, t.payload());
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
            ps.executeUpdate();
            return true;
        } catch (SQLIntegrityConstraintViolationException already) {
            return false;
        }
    }

    /**
     * The outcome of a task once its pushes are settled: empty while it is still on its way (or unknown),
     * else true when every push went out and false when it failed for good (with the error).
     */
    public Optional<Map.Entry<Boolean, String>> settled(String taskId) throws SQLException {
        return find(taskId)
                .filter(r -> r.state() == 'S' || r.state() == 'F')
                .map(r -> Map.entry(r.state() == 'S', r.lastError() == null ? "" : r.lastError()));
    }

    Optional<Row> find(String taskId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SELECT_ROW + " WHERE task_id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Q → P once the broker confirmed the message (only from Q: a worker may already be further). */
    void markPublished(String taskId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE async_task SET state = 'P', updated_at = ? WHERE task_id = ? AND state = 'Q'")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, taskId);
            ps.executeUpdate();
        }
    }

    /** Stores the result of the work, unless a result is already stored (then false). */
    boolean storeResult(String taskId, String resultJson) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE async_task SET state = 'R', result = ?, sent = 0,"
                        + " updated_at = ? WHERE task_id = ? AND state IN ('Q', 'P')")) {
            ps.setString(1, resultJson);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, taskId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Records that the send of push {@code index} starts (its intent); {@code resent} counts one more push
     * sent again because the node that started it died before recording it.
     */
    void markSending(String taskId, int index, boolean resent) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE async_task SET sending = ?, resent = resent + ?,"
                        + " updated_at = ? WHERE task_id = ?")) {
            ps.setInt(1, index);
            ps.setInt(2, resent ? 1 : 0);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, taskId);
            ps.executeUpdate();
        }
    }

    /** Forgets a send intent whose send failed (WeChat refused it, so nothing went out). */
    void clearSending(String taskId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE async_task SET sending = NULL WHERE task_id = ?")) {
            ps.setString(1, taskId);
            ps.executeUpdate();
        }
    }

    /** Records that pushes up to {@code sent} went out; S when that was the last. */
    void markSent(String taskId, int sent, boolean last) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE async_task SET sent = ?, state = ?, sending = NULL,"
                        + " updated_at = ? WHERE task_id = ?")) {
            ps.setInt(1, sent);
            ps.setString(2, last ? "S" : "R");
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, taskId);
            ps.executeUpdate();
        }
    }

    int countAttempt(String taskId, String error) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE async_task SET attempts = attempts + 1,"
                    + " last_error = ?, updated_at = ? WHERE task_id = ?")) {
                ps.setString(1, truncate(error));
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setString(3, taskId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM async_task WHERE task_id = ?")) {
                ps.setString(1, taskId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        }
    }

    void markFailed(String taskId, String error) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE async_task SET state = 'F', last_error = ?, updated_at = ? WHERE task_id = ?")) {
            ps.setString(1, truncate(error));
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, taskId);
            ps.executeUpdate();
        }
    }

    /** Tasks stored but never confirmed queued (the broker was down), older than {@code before}. */
    List<SlowTask> unpublished(Instant before, int limit) throws SQLException {
        List<SlowTask> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        SELECT_ROW + " WHERE state = 'Q' AND updated_at < ?" + " ORDER BY id LIMIT " + limit)) {
            ps.setTimestamp(1, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs).task());
                }
            }
        }
        return out;
    }

    private static Row row(ResultSet rs) throws SQLException {
        SlowTask t = new SlowTask(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
        int sendingIndex = rs.getInt(11);
        // wasNull() speaks of the column read last: asked here, before any other column is read
        Integer sending = rs.wasNull() ? null : sendingIndex;
        return new Row(
                t, rs.getString(6).charAt(0), rs.getString(7), rs.getInt(8), rs.getInt(9), rs.getString(10), sending);
    }

    private static String truncate(String s) {
        return s == null ? null : s.length() > 500 ? s.substring(0, 500) : s;
    }
}
