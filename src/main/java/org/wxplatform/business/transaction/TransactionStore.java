package org.wxplatform.business.transaction;

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
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.business.carrier.OrderKind;
import org.wxplatform.business.carrier.OrderResult;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * The {@code biz_transaction} table: the one write path of a transaction's state. Every transition is a
 * conditional update from the states it may come from, so a late or repeated worker cannot move a
 * transaction backwards (an outcome, once stored, stays).
 */
@ApplicationScoped
public class TransactionStore {

    private static final Logger LOG = Logger.getLogger(TransactionStore.class.getName());

    private static final String COLUMNS = "id, request_key, appid, openid, phone, kind, product_code, amount_fen,"
            + " title, state, attempt, serial, tries, next_try_at, result_code, result_message, carrier_order_id,"
            + " notified, told_waiting, redo_by, created_at, updated_at, done_at";

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    /**
     * Stores a new request in state Q with its serial; answers the stored row, which is the earlier one
     * when the request key was seen before (a retry of the same request).
     */
    Transaction insertQueued(TransactionRequest r) throws SQLException {
        // milliseconds, as the column keeps them: the serial is made from the stored creation time
        Instant created = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Timestamp now = Timestamp.from(created);
        try (Connection c = dataSource.getConnection()) {
            long id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO biz_transaction (request_key, appid, openid, phone, kind, product_code, amount_fen,"
                            + " title, state, attempt, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Q', 1, ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, r.requestKey());
                ps.setString(2, r.appid());
                ps.setString(3, r.openid());
                ps.setString(4, r.phone());
                ps.setString(5, r.kind().name());
                ps.setString(6, r.productCode());
                ps.setLong(7, r.amountFen());
                ps.setString(8, truncate(r.title(), 100));
                ps.setTimestamp(9, now);
                ps.setTimestamp(10, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            } catch (SQLIntegrityConstraintViolationException seen) {
                return byRequestKey(c, r.requestKey()).orElseThrow(() -> seen);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE biz_transaction SET serial = ? WHERE id = ?")) {
                ps.setString(1, Transaction.serial(id, created, 1));
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return find(c, id).orElseThrow();
        }
    }

    public Optional<Transaction> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id);
        }
    }

    /** Q → P once the broker confirmed the message (only from Q: a worker may already be further). */
    void markPublished(long id) throws SQLException {
        update("UPDATE biz_transaction SET state = 'P', updated_at = ? WHERE id = ? AND state = 'Q'", id);
    }

    /**
     * Before calling the carrier: Q/P/W/S → S and one more try. False when the transaction is finished
     * (a repeated delivery), so the caller does not send it.
     */
    boolean markSending(long id) throws SQLException {
        return update(
                        "UPDATE biz_transaction SET state = 'S', tries = tries + 1, next_try_at = NULL, updated_at = ?"
                                + " WHERE id = ? AND state IN ('Q', 'P', 'W', 'S')",
                        id)
                == 1;
    }

    /** Stores the carrier's outcome (D or F); false when an outcome was stored before. */
    boolean storeOutcome(long id, OrderResult result) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE biz_transaction SET state = ?, result_code = ?,"
                        + " result_message = ?, carrier_order_id = ?, done_at = ?, updated_at = ?, next_try_at = NULL"
                        + " WHERE id = ? AND serial = ? AND state IN ('Q', 'P', 'W', 'S')")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, result.success() ? "D" : "F");
            ps.setString(2, truncate(result.code(), 32));
            ps.setString(3, truncate(result.message(), 255));
            ps.setString(4, truncate(result.carrierOrderId(), 64));
            ps.setTimestamp(5, result.executedAt() == null ? now : Timestamp.from(result.executedAt()));
            ps.setTimestamp(6, now);
            ps.setLong(7, id);
            ps.setString(8, result.serial());
            return ps.executeUpdate() == 1;
        }
    }

    /** The carrier could not be reached: S → W until {@code nextTry}, with the reason. */
    void markWaiting(long id, Instant nextTry, String reason) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE biz_transaction SET state = 'W', next_try_at = ?,"
                                + " result_code = 'UNAVAILABLE', result_message = ?, updated_at = ? WHERE id = ? AND state = 'S'")) {
            ps.setTimestamp(1, Timestamp.from(nextTry));
            ps.setString(2, truncate(reason, 255));
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /**
     * Claims telling the outcome (N or P → P); a P left by a crashed node is claimed again, and counted in
     * {@code notify_retaken}: that teller may have sent the message before it died.
     */
    boolean claimNotify(long id) throws SQLException {
        // a claim in progress (P) is taken over only when it is older than any send could last (the
        // node that made it died mid-send): a live teller and a redelivery never both send
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection();
                PreparedStatement fresh = c.prepareStatement("UPDATE biz_transaction SET notified = 'P', updated_at = ?"
                        + " WHERE id = ? AND state IN ('D', 'F') AND notified = 'N'");
                PreparedStatement takeOver = c.prepareStatement("UPDATE biz_transaction SET notified = 'P',"
                        + " notify_retaken = notify_retaken + 1, updated_at = ? WHERE id = ? AND state IN ('D', 'F')"
                        + " AND notified = 'P' AND updated_at < ?")) {
            fresh.setTimestamp(1, Timestamp.from(now));
            fresh.setLong(2, id);
            if (fresh.executeUpdate() == 1) {
                return true;
            }
            takeOver.setTimestamp(1, Timestamp.from(now));
            takeOver.setLong(2, id);
            takeOver.setTimestamp(3, Timestamp.from(now.minusSeconds(NOTIFY_CLAIM_SECONDS)));
            if (takeOver.executeUpdate() == 1) {
                LOG.warning("outcome of transaction " + id + " told again: its teller died while telling it");
                return true;
            }
            return false;
        }
    }

    /** How long a claim to tell an outcome holds: longer than a template send with its time limits. */
    static final int NOTIFY_CLAIM_SECONDS = 45;

    void markNotified(long id, boolean told) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE biz_transaction SET notified = ?, updated_at = ? WHERE id = ? AND notified = 'P'")) {
            ps.setString(1, told ? "Y" : "N");
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Claims telling the subscriber that the carrier is unavailable (once per transaction). */
    boolean claimToldWaiting(long id) throws SQLException {
        return update(
                        "UPDATE biz_transaction SET told_waiting = 'Y', updated_at = ? WHERE id = ? AND told_waiting = 'N'",
                        id)
                == 1;
    }

    /**
     * Re-do of a failed transaction by an operator (SPEC §6.6): F → Q with the next attempt's serial (the
     * carrier refused the earlier serial, so a new one is needed). False unless it was in state F.
     */
    boolean redo(long id, String operator) throws SQLException {
        Optional<Transaction> failed = find(id);
        if (failed.isEmpty() || failed.get().state() != 'F') {
            return false;
        }
        Transaction t = failed.get();
        int next = t.attempt() + 1;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE biz_transaction SET state = 'Q', attempt = ?, serial = ?,"
                                + " tries = 0, notified = 'N', told_waiting = 'N', result_code = NULL, result_message = NULL,"
                                + " carrier_order_id = NULL, done_at = NULL, redo_by = ?, updated_at = ?"
                                + " WHERE id = ? AND state = 'F' AND attempt = ?")) {
            ps.setInt(1, next);
            ps.setString(2, Transaction.serial(id, t.createdAt(), next));
            ps.setString(3, truncate(operator, 64));
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setLong(5, id);
            ps.setInt(6, t.attempt());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Transactions a job must (re)publish: stored but never confirmed queued (Q, older than {@code
     * before}), waiting ones whose time has come (W), and finished ones whose outcome was never told.
     */
    List<Long> due(Instant before, int limit) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM biz_transaction WHERE"
                        + " (state = 'Q' AND updated_at < ?) OR (state = 'W' AND next_try_at <= ?)"
                        + " OR (state IN ('D', 'F') AND notified <> 'Y' AND updated_at < ?) ORDER BY id LIMIT "
                        + limit)) {
            Timestamp b = Timestamp.from(before);
            ps.setTimestamp(1, b);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setTimestamp(3, b);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /**
     * Newest first (by id), ids below {@code beforeId}, at most {@code limit} (1..1001): what the filter
     * selects. Each filter uses an index that is ordered by id, so a page reads its rows only.
     */
    public List<Transaction> list(TransactionFilter filter, long beforeId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM biz_transaction WHERE id < ?");
        List<Object> args = new ArrayList<>();
        args.add(beforeId);
        where(filter, sql, args);
        sql.append(" ORDER BY id DESC LIMIT ").append(Math.max(1, Math.min(limit, 1001)));
        List<Transaction> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private static void where(TransactionFilter f, StringBuilder sql, List<Object> args) {
        if (f.state() != null && f.state() == 'P') {
            // queued: stored (Q) or confirmed queued (P), one state for operators
            sql.append(" AND state IN ('Q', 'P')");
        } else if (f.state() != null) {
            sql.append(" AND state = ?");
            args.add(f.state().toString());
        }
        if (f.appid() != null) {
            sql.append(" AND appid = ?");
            args.add(f.appid());
        }
        if (f.phone() != null) {
            sql.append(" AND phone = ?");
            args.add(f.phone());
        }
        if (f.from() != null) {
            sql.append(" AND created_at >= ? AND created_at < ?");
            args.add(Timestamp.from(f.from()));
            args.add(Timestamp.from(f.until()));
        }
    }

    private Optional<Transaction> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM biz_transaction WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private Optional<Transaction> byRequestKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM biz_transaction WHERE request_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private int update(String sql, long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setLong(2, id);
            return ps.executeUpdate();
        }
    }

    private static Transaction row(ResultSet rs) throws SQLException {
        return new Transaction(
                rs.getLong("id"),
                rs.getString("request_key"),
                rs.getString("appid"),
                rs.getString("openid"),
                rs.getString("phone"),
                OrderKind.valueOf(rs.getString("kind")),
                rs.getString("product_code"),
                rs.getLong("amount_fen"),
                rs.getString("title"),
                rs.getString("state").charAt(0),
                rs.getInt("attempt"),
                rs.getString("serial"),
                rs.getInt("tries"),
                instant(rs, "next_try_at"),
                rs.getString("result_code"),
                rs.getString("result_message"),
                rs.getString("carrier_order_id"),
                rs.getString("notified").charAt(0),
                "Y".equals(rs.getString("told_waiting")),
                rs.getString("redo_by"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "done_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
