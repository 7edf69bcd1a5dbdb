package org.wxplatform.activity;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.transaction.Transactional;
import java.io.StringReader;
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

/**
 * The tables of V33 ({@code activity}, {@code activity_prize}, {@code activity_participation}) and V34
 * (the activity's WeChat tag, {@code tag_id} and {@code tag_name}).
 */
@ApplicationScoped
public class JdbcActivities {

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    /** A second draw of one subscriber met the first one's row: the transaction is rolled back. */
    static final class AlreadyTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyTaken() {
            super("already taken part", null, false, false);
        }
    }

    @Transactional
    public long insert(String appid, ActivityDraft d, String by) {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection()) {
            long id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO activity (appid, title, body, images_json, module, audience, starts_at, ends_at,"
                            + " tag_id, tag_name, state, created_by, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, appid);
                fill(ps, 2, d);
                ps.setString(11, by);
                ps.setTimestamp(12, now);
                ps.setTimestamp(13, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            insertPrizes(c, id, d.prizes());
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("activity not stored: " + e.getMessage(), e);
        }
    }

    /** Replaces a draft's content; false when there is no such draft (published ones are not edited). */
    @Transactional
    public boolean update(String appid, long id, ActivityDraft d) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE activity SET title = ?, body = ?, images_json = ?,"
                    + " module = ?, audience = ?, starts_at = ?, ends_at = ?, tag_id = ?, tag_name = ?, updated_at = ?"
                    + " WHERE id = ? AND appid = ? AND state = 'DRAFT'")) {
                fill(ps, 1, d);
                ps.setTimestamp(10, Timestamp.from(Instant.now()));
                ps.setLong(11, id);
                ps.setString(12, appid);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM activity_prize WHERE activity_id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            insertPrizes(c, id, d.prizes());
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("activity not stored: " + e.getMessage(), e);
        }
    }

    /** Moves {@code id} from one state to the next; false when it was not in {@code from}. */
    public boolean move(String appid, long id, ActivityState from, ActivityState to) {
        String stamp = to == ActivityState.PUBLISHED ? "published_at" : "ended_at";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE activity SET state = ?, " + stamp + " = ?,"
                        + " updated_at = ? WHERE id = ? AND appid = ? AND state = ?")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, to.name());
            ps.setTimestamp(2, now);
            ps.setTimestamp(3, now);
            ps.setLong(4, id);
            ps.setString(5, appid);
            ps.setString(6, from.name());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("activity not changed: " + e.getMessage(), e);
        }
    }

    public Optional<Activity> find(String appid, long id) {
        List<Activity> found = select("WHERE appid = ? AND id = ?", appid, id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<Activity> list(String appid) {
        return select("WHERE appid = ? ORDER BY id DESC LIMIT 500", appid, null);
    }

    private List<Activity> select(String where, String appid, Long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT id, appid, title, body, images_json, module, audience,"
                                + " starts_at, ends_at, state, created_by, created_at, updated_at, published_at, ended_at,"
                                + " tag_id, tag_name FROM activity " + where)) {
            ps.setString(1, appid);
            if (id != null) {
                ps.setLong(2, id);
            }
            List<Activity> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long aid = rs.getLong(1);
                    long tagId = rs.getLong(16);
                    AudienceTag tag = rs.wasNull() ? null : new AudienceTag(tagId, rs.getString(17));
                    out.add(new Activity(
                            aid,
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            images(rs.getString(5)),
                            ActivityModule.valueOf(rs.getString(6)),
                            Audience.valueOf(rs.getString(7)),
                            tag,
                            instant(rs.getTimestamp(8)),
                            instant(rs.getTimestamp(9)),
                            ActivityState.valueOf(rs.getString(10)),
                            prizes(c, aid),
                            rs.getString(11),
                            instant(rs.getTimestamp(12)),
                            instant(rs.getTimestamp(13)),
                            instant(rs.getTimestamp(14)),
                            instant(rs.getTimestamp(15))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("activities not read: " + e.getMessage(), e);
        }
    }

    /**
     * One draw, in one transaction: the prize (if {@code prizeId} is not null) is taken from its stock
     * only while stock is left, and the participation row is written; a row already there (a second draw,
     * concurrent or later) rolls all of it back with {@link AlreadyTaken}.
     */
    @Transactional
    public Participation draw(Activity a, String openid, String phone, Long prizeId, String prizeName) {
        try (Connection c = dataSource.getConnection()) {
            boolean won = false;
            if (prizeId != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE activity_prize SET remaining = remaining - 1"
                        + " WHERE id = ? AND activity_id = ? AND remaining > 0")) {
                    ps.setLong(1, prizeId);
                    ps.setLong(2, a.id());
                    won = ps.executeUpdate() == 1;
                }
            }
            return insertParticipation(
                    c, a, openid, phone, won ? "WON" : "LOST", won ? prizeId : null, won ? prizeName : null);
        } catch (SQLIntegrityConstraintViolationException e) {
            throw new AlreadyTaken();
        } catch (SQLException e) {
            throw new IllegalStateException("draw not stored: " + e.getMessage(), e);
        }
    }

    /** Records a visit of a module that does not draw, once per subscriber (later visits change nothing). */
    public void visit(Activity a, String openid, String phone) {
        try (Connection c = dataSource.getConnection()) {
            insertParticipation(c, a, openid, phone, "VISITED", null, null);
        } catch (SQLIntegrityConstraintViolationException e) {
            // visited before
        } catch (SQLException e) {
            throw new IllegalStateException("visit not stored: " + e.getMessage(), e);
        }
    }

    private static Participation insertParticipation(
            Connection c, Activity a, String openid, String phone, String outcome, Long prizeId, String prizeName)
            throws SQLException {
        Instant now = Instant.now();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO activity_participation (activity_id, appid, openid, phone, outcome, prize_id, prize_name,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, a.id());
            ps.setString(2, a.appid());
            ps.setString(3, openid);
            ps.setString(4, phone);
            ps.setString(5, outcome);
            if (prizeId == null) {
                ps.setNull(6, java.sql.Types.BIGINT);
            } else {
                ps.setLong(6, prizeId);
            }
            ps.setString(7, prizeName);
            ps.setTimestamp(8, Timestamp.from(now));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Participation(
                        keys.getLong(1), a.id(), a.title(), a.appid(), openid, phone, outcome, prizeName, now);
            }
        }
    }

    public Optional<Participation> participation(long activityId, String openid) {
        List<Participation> found = participations("p.activity_id = ? AND p.openid = ?", activityId, openid, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The records of one subscriber of {@code appid}, by openid or by bound phone, newest first. */
    public List<Participation> byOpenid(String appid, String openid, int limit) {
        return participations("p.appid = ? AND p.openid = ?", appid, openid, limit);
    }

    public List<Participation> byPhone(String appid, String phone, int limit) {
        return participations("p.appid = ? AND p.phone = ?", appid, phone, limit);
    }

    /** The records of one activity, newest first. */
    public List<Participation> ofActivity(long activityId, int limit) {
        return participations("p.activity_id = ?", activityId, null, limit);
    }

    private List<Participation> participations(String where, Object first, String second, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT p.id, p.activity_id, a.title, p.appid, p.openid,"
                        + " p.phone, p.outcome, p.prize_name, p.created_at FROM activity_participation p"
                        + " JOIN activity a ON a.id = p.activity_id WHERE " + where + " ORDER BY p.id DESC LIMIT ?")) {
            int i = 1;
            if (first instanceof Long l) {
                ps.setLong(i++, l);
            } else {
                ps.setString(i++, (String) first);
            }
            if (second != null) {
                ps.setString(i++, second);
            }
            ps.setInt(i, limit);
            List<Participation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Participation(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            instant(rs.getTimestamp(9))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("participations not read: " + e.getMessage(), e);
        }
    }

    private static void fill(PreparedStatement ps, int from, ActivityDraft d) throws SQLException {
        ps.setString(from, d.title());
        ps.setString(from + 1, d.body());
        JsonArrayBuilder images = Json.createArrayBuilder();
        d.images().forEach(images::add);
        ps.setString(from + 2, images.build().toString());
        ps.setString(from + 3, d.module().name());
        ps.setString(from + 4, d.audience().name());
        ps.setTimestamp(from + 5, Timestamp.from(d.startsAt()));
        ps.setTimestamp(from + 6, Timestamp.from(d.endsAt()));
        if (d.tag() == null) {
            ps.setNull(from + 7, java.sql.Types.BIGINT);
            ps.setNull(from + 8, java.sql.Types.VARCHAR);
        } else {
            ps.setLong(from + 7, d.tag().id());
            ps.setString(from + 8, d.tag().name());
        }
    }

    private static void insertPrizes(Connection c, long id, List<PrizeDraft> prizes) throws SQLException {
        if (prizes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO activity_prize (activity_id, position, name, stock,"
                + " remaining, chance_bp) VALUES (?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (PrizeDraft p : prizes) {
                ps.setLong(1, id);
                ps.setInt(2, position++);
                ps.setString(3, p.name());
                ps.setInt(4, p.stock());
                ps.setInt(5, p.stock());
                ps.setInt(6, p.chanceBp());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<Prize> prizes(Connection c, long activityId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, position, name, stock, remaining, chance_bp"
                + " FROM activity_prize WHERE activity_id = ? ORDER BY position")) {
            ps.setLong(1, activityId);
            List<Prize> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Prize(
                            rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getInt(6)));
                }
            }
            return out;
        }
    }

    private static List<String> images(String json) {
        List<String> out = new ArrayList<>();
        Json.createReader(new StringReader(json)).readArray().forEach(v -> out.add(((JsonString) v).getString()));
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
