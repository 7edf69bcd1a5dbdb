package org.wxplatform.log.user;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * The read side of the user logs (SPEC §6.5, §7.1, §7.5) for operators handling a complaint: one
 * account's messages and events in a time range, optionally of one subscriber, newest first.
 *
 * <p>A range may span years: the yearly tables are read newest first, one after the other, and a year
 * whose table does not exist yet reads as empty. Pages are keyset pages on (year, created_at, id): the
 * cursor carries the year of its last row, so a page never repeats or skips a row when later rows
 * arrive, and every page is an index range read ({@code ix_user_log_app_time},
 * {@code ix_user_log_app_user_time}, V25). {@link #each} streams a whole range in constant memory.
 */
@ApplicationScoped
public class UserLogQuery {

    /** Time zone of the years the tables are split by, and of the times operators type and see. */
    public static final ZoneId ZONE = UserLog.ZONE;

    /** One logged message or event. {@code kind} is {@code message} or {@code event}. */
    public record Entry(
            long id, String appid, String openid, String kind, String type, String content, Instant createdAt) {}

    /**
     * What to read: {@code appid} (required), {@code openid} (null for all subscribers), {@code from}
     * inclusive, {@code to} exclusive.
     */
    public record Filter(String appid, String openid, Instant from, Instant to) {
        public Filter {
            if (appid == null || from == null || to == null || !from.isBefore(to)) {
                throw new IllegalArgumentException("a filter needs an appid and from before to");
            }
        }
    }

    /** A page of entries, newest first, and the cursor of the next page (null on the last). */
    public record Page(List<Entry> rows, String next) {}

    /** Where a page starts: after the row of {@code year} at {@code createdAt} (epoch seconds) and {@code id}. */
    record Cursor(int year, long createdAt, long id) {

        private static final Pattern FORM = Pattern.compile("u1\\.(\\d{4})\\.(\\d{1,12})\\.(\\d{1,18})");

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("u1." + year + "." + createdAt + "." + id).getBytes(StandardCharsets.US_ASCII));
        }

        /** The cursor {@code text} encodes; IllegalArgumentException naming {@code after} otherwise. */
        static Cursor decode(String text) {
            if (text.length() > 64) {
                throw new IllegalArgumentException("after: not a cursor of this list (too long)");
            }
            String plain;
            try {
                plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("after: not a cursor of this list");
            }
            Matcher m = FORM.matcher(plain);
            if (!m.matches()) {
                throw new IllegalArgumentException("after: not a cursor of this list");
            }
            int year = Integer.parseInt(m.group(1));
            if (year < 2000 || year > 2999) {
                throw new IllegalArgumentException("after: not a cursor of this list");
            }
            return new Cursor(year, Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
        }
    }

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    /** Checks a cursor without reading: IllegalArgumentException (naming {@code after}) when it is not one. */
    public static void checkCursor(String after) {
        Cursor.decode(after);
    }

    /**
     * Up to {@code limit} entries of {@code filter}, newest first, starting after {@code after} (a
     * {@link Page#next()} of the same filter; null for the first page).
     */
    public Page page(Filter filter, String after, int limit) throws SQLException {
        Cursor cursor = after == null ? null : Cursor.decode(after);
        List<Entry> rows = new ArrayList<>();
        List<Integer> yearOf = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (int year = lastYear(filter); year >= firstYear(filter) && rows.size() <= limit; year--) {
                if (cursor != null && year > cursor.year()) {
                    continue;
                }
                Cursor from = cursor != null && year == cursor.year() ? cursor : null;
                int before = rows.size();
                read(c, year, filter, from, limit + 1 - rows.size(), rows::add, false);
                for (int i = before; i < rows.size(); i++) {
                    yearOf.add(year);
                }
            }
        }
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        Entry last = rows.get(limit - 1);
        String next = new Cursor(yearOf.get(limit - 1), last.createdAt().getEpochSecond(), last.id()).encode();
        return new Page(List.copyOf(rows.subList(0, limit)), next);
    }

    /**
     * Every entry of {@code filter}, newest first, handed to {@code sink} as the database streams it
     * (one row in memory at a time). {@code sink} must not call back into the database.
     */
    public void each(Filter filter, Consumer<Entry> sink) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (int year = lastYear(filter); year >= firstYear(filter); year--) {
                read(c, year, filter, null, 0, sink, true);
            }
        }
    }

    static int firstYear(Filter f) {
        return f.from().atZone(ZONE).getYear();
    }

    /** The year of the last instant before {@code to} (the range is half-open). */
    static int lastYear(Filter f) {
        return f.to().minusNanos(1).atZone(ZONE).getYear();
    }

    /** Reads one year's table; {@code limit} 0 is no limit. A missing table reads as empty. */
    private static void read(
            Connection c, int year, Filter f, Cursor after, int limit, Consumer<Entry> sink, boolean stream)
            throws SQLException {
        // The index is forced: on a deep page MariaDB otherwise picks ref access on appid alone and reads
        // every newer row of the account backwards (500,000 rows at a cursor in the middle of a 1,000,000-row
        // log, seen with ANALYZE in scripts/bench userlog); forced, it reads a range of limit rows.
        StringBuilder sql = new StringBuilder("SELECT id, openid, kind, type, content, created_at FROM ")
                .append(UserLog.table(year))
                .append(
                        f.openid() != null
                                ? " FORCE INDEX (ix_user_log_app_user_time)"
                                : " FORCE INDEX (ix_user_log_app_time)")
                .append(" WHERE appid = ?");
        if (f.openid() != null) {
            sql.append(" AND openid = ?");
        }
        sql.append(" AND created_at >= ? AND created_at < ?");
        if (after != null) {
            // (created_at, id) < (cursor): the first condition bounds the index range, the second the ties
            sql.append(" AND created_at <= ? AND (created_at < ? OR id < ?)");
        }
        sql.append(" ORDER BY created_at DESC, id DESC");
        if (limit > 0) {
            sql.append(" LIMIT ").append(limit);
        }
        try (PreparedStatement ps =
                c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            if (stream) {
                // Connector/J streams a forward-only, read-only result row by row with this fetch size
                ps.setFetchSize(Integer.MIN_VALUE);
            }
            int i = 1;
            ps.setString(i++, f.appid());
            if (f.openid() != null) {
                ps.setString(i++, f.openid());
            }
            ps.setTimestamp(i++, Timestamp.from(f.from()));
            ps.setTimestamp(i++, Timestamp.from(f.to()));
            if (after != null) {
                Timestamp at = Timestamp.from(Instant.ofEpochSecond(after.createdAt()));
                ps.setTimestamp(i++, at);
                ps.setTimestamp(i++, at);
                ps.setLong(i++, after.id());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Entry(
                            rs.getLong(1),
                            f.appid(),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) { // ER_NO_SUCH_TABLE: no message of that year yet
                return;
            }
            throw e;
        }
    }
}
