package org.wxplatform.log.user;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * Writes user-log rows in one transaction per call, idempotent by message key: the unique (appid,
 * msg_key) of the year's table keeps one row per message, so a batch written twice (a redelivery after
 * a crash between the commit and the acknowledgement) doubles nothing. Rows without a menu click go in
 * one multi-row INSERT per table; a row with a click is inserted on its own behind a savepoint, and its
 * click counted only when the row is new (a concurrent writer of the same message waits on the unique
 * key and then finds it taken), so every click is counted once.
 */
@ApplicationScoped
public class UserLogWriter {

    private static final String COLUMNS = " (appid, openid, kind, type, msg_key, content, created_at) VALUES ";
    private static final String ONE_ROW = "(?, ?, ?, ?, ?, ?, ?)";

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    private final Set<Integer> tablesMade = ConcurrentHashMap.newKeySet();

    /** Writes the rows in one transaction; nothing of them is written when it throws. */
    public void write(List<UserLogRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Map<Integer, List<UserLogRow>> byYear = new TreeMap<>();
        for (UserLogRow row : rows) {
            byYear.computeIfAbsent(row.year(), y -> new ArrayList<>()).add(row);
        }
        try (Connection c = dataSource.getConnection()) {
            for (Integer year : byYear.keySet()) {
                if (!tablesMade.contains(year)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE IF NOT EXISTS " + UserLog.table(year) + " LIKE user_log_template");
                    }
                    tablesMade.add(year);
                }
            }
            c.setAutoCommit(false);
            try {
                for (Map.Entry<Integer, List<UserLogRow>> e : byYear.entrySet()) {
                    String table = UserLog.table(e.getKey());
                    List<UserLogRow> plain = new ArrayList<>();
                    for (UserLogRow row : e.getValue()) {
                        if (row.click() == null) {
                            plain.add(row);
                        } else {
                            insertCounted(c, table, row);
                        }
                    }
                    insertAll(c, table, plain);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            tablesMade.clear();
            throw e;
        }
    }

    private static void insertAll(Connection c, String table, List<UserLogRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + table + COLUMNS + String.join(", ", Collections.nCopies(rows.size(), ONE_ROW))
                + " ON DUPLICATE KEY UPDATE msg_key = msg_key";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (UserLogRow row : rows) {
                i = bind(ps, i, row);
            }
            ps.executeUpdate();
        }
    }

    private static void insertCounted(Connection c, String table, UserLogRow row) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + COLUMNS + ONE_ROW)) {
            bind(ps, 1, row);
            ps.executeUpdate();
        } catch (SQLIntegrityConstraintViolationException alreadyLogged) {
            // a redelivery: the message is logged (and its click counted) once
            c.rollback(before);
            return;
        }
        MenuClicks.count(c, row.appid(), row.at(), row.click());
        c.releaseSavepoint(before);
    }

    private static int bind(PreparedStatement ps, int i, UserLogRow row) throws SQLException {
        ps.setString(i++, row.appid());
        ps.setString(i++, row.openid());
        ps.setString(i++, row.kind());
        ps.setString(i++, row.type());
        ps.setString(i++, row.msgKey());
        ps.setString(i++, row.content());
        ps.setTimestamp(i++, Timestamp.from(row.at()));
        return i;
    }
}
