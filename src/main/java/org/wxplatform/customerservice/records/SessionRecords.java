package org.wxplatform.customerservice.records;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * The records of human customer service (SPEC §4.3), read from the chat sessions' own tables
 * ({@code cs_session}, {@code cs_session_message}, written only by {@code customerservice.agent}): the
 * sessions with their agent, times and message counts, one session's transcript, and each agent's
 * figures over a range. Read only.
 */
@ApplicationScoped
public class SessionRecords {

    static final String COLUMNS = "id, appid, openid, state, agent, entered_at, taken_at, closed_at, closed_by,"
            + " messages_in, messages_out, transfers";

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    /** The sessions of {@code filter} with an id below {@code beforeId}, newest first, at most {@code limit}. */
    public List<SessionRecord> list(SessionFilter filter, long beforeId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM cs_session WHERE id < ?");
        List<Object> args = new ArrayList<>();
        args.add(beforeId);
        where(filter, sql, args);
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        List<SessionRecord> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(session(rs));
                }
            }
        }
        return out;
    }

    /** Every session of {@code filter}, newest first, a thousand at a time (for downloads). */
    public void each(SessionFilter filter, Consumer<SessionRecord> sink) throws SQLException {
        long before = Long.MAX_VALUE;
        while (true) {
            List<SessionRecord> page = list(filter, before, 1000);
            page.forEach(sink);
            if (page.size() < 1000) {
                return;
            }
            before = page.get(page.size() - 1).id();
        }
    }

    public Optional<SessionRecord> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM cs_session WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(session(rs)) : Optional.empty();
            }
        }
    }

    /** The messages of session {@code id} in the order the session saw them (at most {@code limit}). */
    public List<SessionMessage> transcript(long id, int limit) throws SQLException {
        List<SessionMessage> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, direction, msg_type, content, media_id, agent, created_at, delivery, error"
                                + " FROM cs_session_message WHERE session_id = ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, id);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String delivery = rs.getString(8);
                    out.add(new SessionMessage(
                            rs.getLong(1),
                            rs.getString(2).charAt(0),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            instant(rs.getTimestamp(7)),
                            delivery == null || delivery.isEmpty() ? null : delivery.charAt(0),
                            rs.getString(9)));
                }
            }
        }
        return out;
    }

    /**
     * Each agent's figures over the sessions entered from {@code from} until {@code until} (exclusive),
     * of one account or (appid null) all: the sessions an agent took, by agent name. A session that was
     * transferred counts for the agent who had it last.
     */
    public List<AgentFigures> agents(String appid, Instant from, Instant until) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT agent, COUNT(*), SUM(closed_at IS NOT NULL),"
                + " AVG(TIMESTAMPDIFF(SECOND, entered_at, taken_at)),"
                + " AVG(CASE WHEN closed_at IS NULL THEN NULL ELSE TIMESTAMPDIFF(SECOND, taken_at, closed_at) END),"
                + " SUM(messages_in), SUM(messages_out)"
                + " FROM cs_session WHERE agent IS NOT NULL AND taken_at IS NOT NULL"
                + " AND entered_at >= ? AND entered_at < ?");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(from), Timestamp.from(until)));
        if (appid != null) {
            sql.append(" AND appid = ?");
            args.add(appid);
        }
        sql.append(" GROUP BY agent ORDER BY agent");
        List<AgentFigures> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AgentFigures(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            decimal(rs, 4),
                            decimal(rs, 5),
                            rs.getLong(6),
                            rs.getLong(7)));
                }
            }
        }
        return out;
    }

    private static void where(SessionFilter f, StringBuilder sql, List<Object> args) {
        if (f.appid() != null) {
            sql.append(" AND appid = ?");
            args.add(f.appid());
        }
        if (f.agent() != null) {
            sql.append(" AND agent = ?");
            args.add(f.agent());
        }
        if (f.openid() != null) {
            sql.append(" AND openid = ?");
            args.add(f.openid());
        }
        if (f.state() != null) {
            sql.append(" AND state = ?");
            args.add(String.valueOf(f.state()));
        }
        if (f.from() != null) {
            sql.append(" AND entered_at >= ? AND entered_at < ?");
            args.add(Timestamp.from(f.from()));
            args.add(Timestamp.from(f.until()));
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private static SessionRecord session(ResultSet rs) throws SQLException {
        return new SessionRecord(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4).charAt(0),
                rs.getString(5),
                instant(rs.getTimestamp(6)),
                instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)),
                rs.getString(9),
                rs.getInt(10),
                rs.getInt(11),
                rs.getInt(12));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Double decimal(ResultSet rs, int column) throws SQLException {
        java.math.BigDecimal v = rs.getBigDecimal(column);
        return v == null ? null : v.doubleValue();
    }
}
