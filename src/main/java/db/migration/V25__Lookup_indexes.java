package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Indexes for the operators' complaint lookups (SPEC §6.5, §7.1): user logs by account and time, and by
 * account, subscriber and time, both ending in the id so that keyset pages (newest first) read an index
 * range and never scan; bindings by phone and by openid in id order.
 *
 * <p>A Java migration because the user logs are split per year: the template gets the indexes (tables
 * of later years are made LIKE it) and so does every yearly table that already exists, whatever years
 * those are. Idempotent: an index already there (by name) is left alone, so a table restored from an
 * older dump can be brought up to date by running this again.
 */
public class V25__Lookup_indexes extends BaseJavaMigration {

    static final Pattern USER_LOG_TABLE = Pattern.compile("user_log_(template|\\d{4})");

    static final Map<String, String> USER_LOG_INDEXES = new LinkedHashMap<>();
    static final Map<String, String> BIND_INDEXES = new LinkedHashMap<>();

    static {
        USER_LOG_INDEXES.put("ix_user_log_app_time", "(appid, created_at, id)");
        USER_LOG_INDEXES.put("ix_user_log_app_user_time", "(appid, openid, created_at, id)");
        BIND_INDEXES.put("ix_bind_phone_id", "(phone, id)");
        BIND_INDEXES.put("ix_bind_openid_id", "(openid, id)");
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        for (String table : userLogTables(c)) {
            addMissing(c, table, USER_LOG_INDEXES);
        }
        addMissing(c, "bind", BIND_INDEXES);
    }

    static List<String> userLogTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = DATABASE() AND table_name LIKE 'user\\_log\\_%'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (USER_LOG_TABLE.matcher(name).matches()) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /** Adds the indexes {@code table} does not have yet, in one ALTER (one rebuild of a large table). */
    static void addMissing(Connection c, String table, Map<String, String> indexes) throws SQLException {
        Set<String> present = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT index_name FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        List<String> clauses = new ArrayList<>();
        indexes.forEach((name, columns) -> {
            if (!present.contains(name)) {
                clauses.add("ADD KEY " + name + " " + columns);
            }
        });
        if (clauses.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            // table names come from information_schema and match USER_LOG_TABLE (or are "bind")
            s.execute("ALTER TABLE `" + table + "` " + String.join(", ", clauses));
        }
    }
}
