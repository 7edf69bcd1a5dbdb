package org.wxplatform.customerservice.agent;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.config.Settings;

/**
 * The {@code cs_session}, {@code cs_session_message} and {@code cs_agent} tables: every state change of a
 * chat is one conditional statement, so two nodes (or two agents) racing for one subscriber leave exactly
 * one winner, and every message write is idempotent by its source key.
 */
@ApplicationScoped
public class AgentSessions {

    /** A chat session. {@code state}: W waiting, A with an agent, C closed. */
    public record Chat(
            long id,
            String appid,
            String openid,
            char state,
            String agent,
            Instant enteredAt,
            Instant takenAt,
            Instant closedAt,
            String closedBy,
            Instant lastUserAt,
            Instant lastAgentAt,
            Instant busyToldAt,
            int messagesIn,
            int messagesOut,
            int transfers) {

        public boolean open() {
            return state != 'C';
        }
    }

    /**
     * One message of a chat. {@code direction}: I from the subscriber, O an agent's answer, N a notice to
     * the subscriber, E an event only the agents see. {@code delivery} (O and N): P pending, D delivered,
     * U undeliverable (WeChat's allowance was used up or its window closed), F failed.
     */
    public record Line(
            long id,
            long sessionId,
            char direction,
            String type,
            String content,
            String mediaId,
            String agent,
            Instant at,
            Character delivery,
            String error) {}

    /** What a claim of a waiting subscriber came to. */
    public enum Claim {
        TAKEN,
        GONE,
        FULL,
        /** the target of a transfer is no agent of the console (never signed in to it) */
        UNKNOWN
    }

    static final int DEFAULT_MAX = Math.max(1, Settings.getInt("WXP_CS_MAX_SESSIONS", 5));

    private static final String CHAT = "SELECT id, appid, openid, state, agent, entered_at, taken_at, closed_at,"
            + " closed_by, last_user_at, last_agent_at, busy_told_at, messages_in, messages_out, transfers"
            + " FROM cs_session";
    private static final String LINE = "SELECT id, session_id, direction, msg_type, content, media_id, agent,"
            + " created_at, delivery, error FROM cs_session_message";

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    static String openKey(String appid, String openid) {
        return appid + " " + openid;
    }

    /** The subscriber's open (waiting or active) session. */
    public Optional<Chat> open(String appid, String openid) throws SQLException {
        return one(CHAT + " WHERE open_key = ?", openKey(appid, openid));
    }

    public Optional<Chat> find(long id) throws SQLException {
        return one(CHAT + " WHERE id = ?", id);
    }

    /** Opens a waiting session, or answers the one already open (a second node's race loses quietly). */
    public Chat enter(String appid, String openid, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO cs_session (appid, openid, state, entered_at, last_user_at, open_key)"
                                + " VALUES (?, ?, 'W', ?, ?, ?)")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setString(5, openKey(appid, openid));
            ps.executeUpdate();
        } catch (SQLIntegrityConstraintViolationException alreadyOpen) {
            // the subscriber's session is open already
        }
        return open(appid, openid).orElseThrow(() -> new SQLException("session of " + openid + " not found"));
    }

    /** How many subscribers of the account wait ahead of this one (0 = next). */
    public int ahead(Chat chat) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cs_session WHERE appid = ?"
                        + " AND state = 'W' AND (entered_at < ? OR (entered_at = ? AND id < ?))")) {
            ps.setString(1, chat.appid());
            ps.setTimestamp(2, Timestamp.from(chat.enteredAt()));
            ps.setTimestamp(3, Timestamp.from(chat.enteredAt()));
            ps.setLong(4, chat.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Stores a message of the subscriber in their open session; false when it was stored before (a
     * retry) or the session is closed by now.
     */
    public boolean addInbound(long sessionId, String sourceKey, String type, String content, String mediaId, Instant at)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!insertLine(c, sessionId, 'I', type, content, mediaId, null, sourceKey, at, null)) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE cs_session SET messages_in = messages_in + 1,"
                        + " last_user_at = GREATEST(last_user_at, ?) WHERE id = ? AND state <> 'C'")) {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setLong(2, sessionId);
                    if (ps.executeUpdate() != 1) {
                        c.rollback();
                        return false;
                    }
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Stores an answer of {@code agent} in the session the agent holds, pending delivery; answers its id,
     * the same id when the same {@code sourceKey} comes again, empty when the agent does not hold it.
     */
    public Optional<Long> addAnswer(long sessionId, String agent, String sourceKey, String content, Instant at)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Long> before = lineId(c, sourceKey);
                if (before.isPresent()) {
                    c.rollback();
                    return before;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE cs_session SET messages_out = messages_out + 1,"
                        + " last_agent_at = ? WHERE id = ? AND state = 'A' AND agent = ?")) {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setLong(2, sessionId);
                    ps.setString(3, agent);
                    if (ps.executeUpdate() != 1) {
                        c.rollback();
                        return Optional.empty();
                    }
                }
                if (!insertLine(c, sessionId, 'O', "text", content, null, agent, sourceKey, at, 'P')) {
                    c.rollback();
                    return lineId(sourceKey);
                }
                Optional<Long> id = lineId(c, sourceKey);
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Stores a notice to the subscriber (N, pending) or an event for the agents (E); false if stored before. */
    public boolean addNote(long sessionId, char direction, String sourceKey, String content, String agent, Instant at)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return insertLine(
                    c,
                    sessionId,
                    direction,
                    "event",
                    content,
                    null,
                    agent,
                    sourceKey,
                    at,
                    direction == 'N' ? 'P' : null);
        }
    }

    public Optional<Long> lineId(String sourceKey) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return lineId(c, sourceKey);
        }
    }

    public Optional<Line> line(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(LINE + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(line(rs)) : Optional.empty();
            }
        }
    }

    /** The session's messages after {@code afterId}, in order. */
    public List<Line> lines(long sessionId, long afterId, int limit) throws SQLException {
        List<Line> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(LINE + " WHERE session_id = ? AND id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, sessionId);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(line(rs));
                }
            }
        }
        return out;
    }

    /** Sets the delivery of a pending answer or notice (only from P: a settled line stays settled). */
    public boolean settle(long lineId, char delivery, String error) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE cs_session_message SET delivery = ?, error = ?" + " WHERE id = ? AND delivery = 'P'")) {
            ps.setString(1, String.valueOf(delivery));
            ps.setString(2, error == null ? null : error.length() > 255 ? error.substring(0, 255) : error);
            ps.setLong(3, lineId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Answers and notices still pending since before {@code before} (the sweeper looks at their tasks). */
    public List<Line> pendingBefore(Instant before, int limit) throws SQLException {
        List<Line> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(LINE + " WHERE delivery = 'P' AND created_at < ? ORDER BY id LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(line(rs));
                }
            }
        }
        return out;
    }

    /**
     * Gives the waiting session {@code sessionId} to {@code agent} unless the agent already holds
     * {@code max} sessions. The agent's row is locked for the claim, so one agent's two tabs cannot both
     * take their last free slot; the session's own {@code state = 'W'} condition makes two agents' claims
     * of one subscriber leave one winner.
     */
    public Claim take(String agent, long sessionId, Instant at) throws SQLException {
        known(agent);
        try (Connection c = dataSource.getConnection()) {
            int isolation = c.getTransactionIsolation();
            // each statement sees what committed before it: the count of the agent's sessions is read
            // after the agent's row is locked, not from a snapshot taken before
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(false);
            try {
                Claim claim = takeLocked(c, agent, sessionId, at);
                c.commit();
                return claim;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
                c.setTransactionIsolation(isolation);
            }
        }
    }

    /** Takes the longest-waiting subscriber of any account; empty when nobody waits or the agent is full. */
    public Optional<Chat> takeNext(String agent, Instant at) throws SQLException {
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<Chat> next = longestWaiting();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            Claim claim = take(agent, next.get().id(), at);
            if (claim == Claim.TAKEN) {
                return find(next.get().id());
            }
            if (claim == Claim.FULL) {
                return Optional.empty();
            }
            // another agent was faster: the next one
        }
        return Optional.empty();
    }

    public Optional<Chat> longestWaiting() throws SQLException {
        return one(CHAT + " WHERE state = 'W' ORDER BY entered_at, id LIMIT 1");
    }

    private Claim takeLocked(Connection c, String agent, long sessionId, Instant at) throws SQLException {
        int max = lockAgent(c, agent);
        if (held(c, agent) >= max) {
            return Claim.FULL;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE cs_session SET state = 'A', agent = ?,"
                + " taken_at = COALESCE(taken_at, ?), last_agent_at = ? WHERE id = ? AND state = 'W'")) {
            ps.setString(1, agent);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setLong(4, sessionId);
            return ps.executeUpdate() == 1 ? Claim.TAKEN : Claim.GONE;
        }
    }

    /**
     * Hands an active session from {@code from} to {@code to} (who must have a free slot); GONE when
     * {@code from} no longer holds it.
     */
    public Claim transfer(long sessionId, String from, String to, Instant at) throws SQLException {
        if (!exists(to)) {
            return Claim.UNKNOWN;
        }
        try (Connection c = dataSource.getConnection()) {
            int isolation = c.getTransactionIsolation();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(false);
            try {
                int max = lockAgent(c, to);
                if (held(c, to) >= max) {
                    c.rollback();
                    return Claim.FULL;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE cs_session SET agent = ?, transfers ="
                        + " transfers + 1, last_agent_at = ? WHERE id = ? AND state = 'A' AND agent = ?")) {
                    ps.setString(1, to);
                    ps.setTimestamp(2, Timestamp.from(at));
                    ps.setLong(3, sessionId);
                    ps.setString(4, from);
                    if (ps.executeUpdate() != 1) {
                        c.rollback();
                        return Claim.GONE;
                    }
                }
                c.commit();
                return Claim.TAKEN;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
                c.setTransactionIsolation(isolation);
            }
        }
    }

    /**
     * Closes an open session; with {@code agent} given, only if that agent holds it. False when it was
     * closed already (or is not the agent's): every session closes once.
     */
    public boolean close(long sessionId, String by, String agent, Instant at) throws SQLException {
        String sql = "UPDATE cs_session SET state = 'C', closed_at = ?, closed_by = ?, open_key = NULL"
                + " WHERE id = ? AND state <> 'C'" + (agent == null ? "" : " AND state = 'A' AND agent = ?");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, by);
            ps.setLong(3, sessionId);
            if (agent != null) {
                ps.setString(4, agent);
            }
            return ps.executeUpdate() == 1;
        }
    }

    /** Marks a waiting session as told that the agents are busy; false if told before. */
    public boolean markBusyTold(long sessionId, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE cs_session SET busy_told_at = ?"
                        + " WHERE id = ? AND state = 'W' AND busy_told_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setLong(2, sessionId);
            return ps.executeUpdate() == 1;
        }
    }

    public List<Chat> waiting(int limit) throws SQLException {
        return many(CHAT + " WHERE state = 'W' ORDER BY entered_at, id LIMIT ?", limit);
    }

    public List<Chat> heldBy(String agent) throws SQLException {
        return many(CHAT + " WHERE agent = ? AND state = 'A' ORDER BY taken_at, id", agent);
    }

    public List<Chat> allOpen(int limit) throws SQLException {
        return many(CHAT + " WHERE open_key IS NOT NULL ORDER BY id LIMIT ?", limit);
    }

    /** Active sessions whose subscriber and agent both stayed silent since {@code before}. */
    public List<Chat> idleSince(Instant before, int limit) throws SQLException {
        Timestamp t = Timestamp.from(before);
        return many(
                CHAT + " WHERE state = 'A' AND last_user_at < ? AND (last_agent_at IS NULL OR last_agent_at < ?)"
                        + " ORDER BY id LIMIT ?",
                t,
                t,
                limit);
    }

    /** Waiting sessions entered before {@code before} and not told yet that the agents are busy. */
    public List<Chat> waitingSince(Instant before, int limit) throws SQLException {
        return many(
                CHAT + " WHERE state = 'W' AND busy_told_at IS NULL AND entered_at < ? ORDER BY entered_at LIMIT ?",
                Timestamp.from(before),
                limit);
    }

    /** The agent's maximum of open sessions. */
    public int maxSessions(String agent) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT max_sessions FROM cs_agent WHERE username = ?")) {
            ps.setString(1, agent);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : DEFAULT_MAX;
            }
        }
    }

    public void setMaxSessions(String agent, int max) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO cs_agent (username, max_sessions, updated_at)"
                        + " VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE max_sessions = VALUES(max_sessions),"
                        + " updated_at = VALUES(updated_at)")) {
            ps.setString(1, agent);
            ps.setInt(2, max);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    /** The agents known to the console (they have a row) with the sessions each holds now. */
    public List<java.util.Map.Entry<String, int[]>> agents() throws SQLException {
        List<java.util.Map.Entry<String, int[]>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT a.username, a.max_sessions,"
                        + " (SELECT COUNT(*) FROM cs_session s WHERE s.agent = a.username AND s.state = 'A')"
                        + " FROM cs_agent a ORDER BY a.username");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(java.util.Map.entry(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3)}));
            }
        }
        return out;
    }

    /** True when the agent has a row: they opened the console once, or an admin set their maximum. */
    public boolean exists(String agent) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM cs_agent WHERE username = ?")) {
            ps.setString(1, agent);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Makes sure the agent has a row (the console lists agents by it). */
    public void known(String agent) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT IGNORE INTO cs_agent (username, max_sessions," + " updated_at) VALUES (?, ?, ?)")) {
            ps.setString(1, agent);
            ps.setInt(2, DEFAULT_MAX);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    // ---- helpers

    /** Locks the agent's row (made before, outside the transaction: {@link #known}) and reads its maximum. */
    private static int lockAgent(Connection c, String agent) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT max_sessions FROM cs_agent WHERE username = ? FOR UPDATE")) {
            ps.setString(1, agent);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : DEFAULT_MAX;
            }
        }
    }

    private static int held(Connection c, String agent) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COUNT(*) FROM cs_session WHERE agent = ? AND state = 'A'")) {
            ps.setString(1, agent);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static boolean insertLine(
            Connection c,
            long sessionId,
            char direction,
            String type,
            String content,
            String mediaId,
            String agent,
            String sourceKey,
            Instant at,
            Character delivery)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT IGNORE INTO cs_session_message (session_id, direction, msg_type, content, media_id, agent,"
                        + " source_key, created_at, delivery) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.NO_GENERATED_KEYS)) {
            ps.setLong(1, sessionId);
            ps.setString(2, String.valueOf(direction));
            ps.setString(3, type);
            ps.setString(4, content.length() > 2048 ? content.substring(0, 2048) : content);
            ps.setString(5, mediaId);
            ps.setString(6, agent);
            ps.setString(7, sourceKey);
            ps.setTimestamp(8, Timestamp.from(at));
            ps.setString(9, delivery == null ? null : String.valueOf(delivery));
            return ps.executeUpdate() == 1;
        }
    }

    private static Optional<Long> lineId(Connection c, String sourceKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM cs_session_message WHERE source_key = ?")) {
            ps.setString(1, sourceKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private Optional<Chat> one(String sql, Object... args) throws SQLException {
        List<Chat> all = many(sql, args);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private List<Chat> many(String sql, Object... args) throws SQLException {
        List<Chat> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(chat(rs));
                }
            }
        }
        return out;
    }

    private static Chat chat(ResultSet rs) throws SQLException {
        return new Chat(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4).charAt(0),
                rs.getString(5),
                instant(rs.getTimestamp(6)),
                instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)),
                rs.getString(9),
                instant(rs.getTimestamp(10)),
                instant(rs.getTimestamp(11)),
                instant(rs.getTimestamp(12)),
                rs.getInt(13),
                rs.getInt(14),
                rs.getInt(15));
    }

    private static Line line(ResultSet rs) throws SQLException {
        String delivery = rs.getString(9);
        return new Line(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3).charAt(0),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                instant(rs.getTimestamp(8)),
                delivery == null ? null : delivery.charAt(0),
                rs.getString(10));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
