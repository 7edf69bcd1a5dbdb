package org.wxplatform.platform.alert;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * The stored alerts for operators: listed newest first by a keyset on the id, counted while open, and
 * acknowledged once (the first acknowledgement stays: who and when).
 */
@ApplicationScoped
public class AlertBook {

    /** Which alerts a list shows. */
    public enum State {
        OPEN,
        ACKED,
        ALL
    }

    /** One alert as stored. */
    public record Alert(
            long id,
            String kind,
            String subject,
            String detail,
            String node,
            Instant raisedAt,
            String ackedBy,
            Instant ackedAt) {}

    /** What a batch acknowledgement did. */
    public record BatchAck(int acked, int already, int missing) {}

    /** The outcome of acknowledging one alert: the row after it, and whether this call acknowledged it. */
    public record Ack(Alert alert, boolean acknowledged) {}

    private static final String COLUMNS = "id, kind, subject, detail, node, raised_at, acked_by, acked_at";

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    /** Newest first, ids below {@code beforeId}, at most {@code limit}; {@code kind} null for all. */
    public List<Alert> list(State state, String kind, long beforeId, int limit) throws SQLException {
        List<Alert> out = new ArrayList<>();
        each(state, kind, beforeId, limit, out::add);
        return out;
    }

    /** Streams the matching alerts newest first to {@code sink}, in pages, never the table at once. */
    public void each(State state, String kind, long beforeId, long limit, Consumer<Alert> sink) throws SQLException {
        long before = beforeId;
        long left = limit;
        while (left > 0) {
            int page = (int) Math.min(left, 1000);
            List<Alert> rows = page(state, kind, before, page);
            rows.forEach(sink);
            if (rows.size() < page) {
                return;
            }
            before = rows.get(rows.size() - 1).id();
            left -= rows.size();
        }
    }

    private List<Alert> page(State state, String kind, long beforeId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alert WHERE id < ?");
        if (state == State.OPEN) {
            sql.append(" AND acked_at IS NULL");
        } else if (state == State.ACKED) {
            sql.append(" AND acked_at IS NOT NULL");
        }
        if (kind != null) {
            sql.append(" AND kind = ?");
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        List<Alert> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, beforeId);
            if (kind != null) {
                ps.setString(i++, kind);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    /** Open alerts by kind (most first). */
    public Map<String, Long> openByKind() throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT kind, COUNT(*) FROM alert WHERE acked_at IS NULL"
                        + " GROUP BY kind ORDER BY COUNT(*) DESC, kind");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    public Optional<Alert> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id);
        }
    }

    /** Acknowledges one alert by {@code operator}; empty when there is no such alert. */
    public Optional<Ack> ack(long id, String operator) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean acked = mark(c, id, operator);
            return find(c, id).map(a -> new Ack(a, acked));
        }
    }

    /**
     * Acknowledges each of {@code ids} (at most 500, each once) in one transaction: how many this call
     * acknowledged, how many were acknowledged before, how many do not exist.
     */
    public BatchAck ack(List<Long> ids, String operator) throws SQLException {
        List<Long> distinct = ids.stream().distinct().toList();
        if (distinct.size() > 500) {
            throw new IllegalArgumentException("ids: at most 500");
        }
        int acked = 0;
        int exist = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (long id : distinct) {
                    if (mark(c, id, operator)) {
                        acked++;
                    }
                }
                if (!distinct.isEmpty()) {
                    String in = String.join(",", distinct.stream().map(x -> "?").toList());
                    try (PreparedStatement ps =
                            c.prepareStatement("SELECT COUNT(*) FROM alert WHERE id IN (" + in + ")")) {
                        for (int i = 0; i < distinct.size(); i++) {
                            ps.setLong(i + 1, distinct.get(i));
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            exist = rs.getInt(1);
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return new BatchAck(acked, exist - acked, distinct.size() - exist);
    }

    private static boolean mark(Connection c, long id, String operator) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE alert SET acked_by = ?, acked_at = ? WHERE id = ? AND acked_at IS NULL")) {
            ps.setString(1, operator.length() > 64 ? operator.substring(0, 64) : operator);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static Optional<Alert> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Alert row(ResultSet rs) throws SQLException {
        Timestamp raised = rs.getTimestamp("raised_at");
        Timestamp acked = rs.getTimestamp("acked_at");
        return new Alert(
                rs.getLong("id"),
                rs.getString("kind"),
                rs.getString("subject"),
                rs.getString("detail"),
                rs.getString("node"),
                raised == null ? null : raised.toInstant(),
                rs.getString("acked_by"),
                acked == null ? null : acked.toInstant());
    }
}
