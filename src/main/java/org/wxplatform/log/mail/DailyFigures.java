package org.wxplatform.log.mail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.wxplatform.log.user.UserLog;

/**
 * The figures of one day (Beijing time) for the daily mail, each counted by the database: messages and
 * events by type (user log), the 20 most frequent texts after normalisation (NFKC, trimmed, lower case:
 * how the keyword matcher compares them), texts nothing answered (per account), transactions by state,
 * alerts by kind, and token fetches per account and kind (the central control's daily counters).
 */
public record DailyFigures(
        LocalDate day,
        Map<String, Long> messagesByType,
        List<Map.Entry<String, Long>> topKeywords,
        Map<String, Long> missesByAccount,
        Map<String, Long> transactionsByState,
        Map<String, Long> alertsByKind,
        Map<String, Long> tokenFetches) {

    static final int TOP_KEYWORDS = 20;

    /** Fetches of a day per "appid/kind"; supplied by the account module (Redis counters). */
    @FunctionalInterface
    public interface TokenCounts {
        Map<String, Long> on(LocalDate day);
    }

    /** The transaction states as operators read them (biz_transaction.state). */
    static final Map<String, String> TX_STATES =
            Map.of("Q", "已受理", "P", "排队中", "S", "已提交运营商", "W", "等待运营商恢复", "D", "成功", "F", "失败");

    public static DailyFigures collect(DataSource dataSource, LocalDate day, ZoneId zone, TokenCounts tokens)
            throws SQLException {
        Timestamp from = Timestamp.from(day.atStartOfDay(zone).toInstant());
        Timestamp to = Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant());
        String log = UserLog.table(day.getYear());
        try (Connection c = dataSource.getConnection()) {
            Map<String, Long> byType = new LinkedHashMap<>();
            Map<String, Long> texts = new HashMap<>();
            if (tableExists(c, log)) {
                byType = counts(
                        c,
                        "SELECT type, COUNT(*) FROM " + log
                                + " WHERE created_at >= ? AND created_at < ? GROUP BY type ORDER BY 2 DESC, 1",
                        from,
                        to);
                try (PreparedStatement ps = c.prepareStatement("SELECT content, COUNT(*) FROM " + log
                        + " WHERE created_at >= ? AND created_at < ? AND type = 'text' GROUP BY content")) {
                    ps.setTimestamp(1, from);
                    ps.setTimestamp(2, to);
                    ps.setFetchSize(1000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String k = normalize(rs.getString(1));
                            if (!k.isEmpty()) {
                                texts.merge(k, rs.getLong(2), Long::sum);
                            }
                        }
                    }
                }
            }
            List<Map.Entry<String, Long>> top = new ArrayList<>(texts.entrySet());
            top.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            top = top.subList(0, Math.min(TOP_KEYWORDS, top.size())).stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue()))
                    .toList();
            Map<String, Long> misses;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT appid, misses FROM msg_miss_daily WHERE day = ? ORDER BY misses DESC, appid")) {
                ps.setObject(1, day);
                misses = read(ps);
            }
            Map<String, Long> tx = counts(
                    c,
                    "SELECT state, COUNT(*) FROM biz_transaction WHERE created_at >= ? AND created_at < ?"
                            + " GROUP BY state ORDER BY 2 DESC, 1",
                    from,
                    to);
            Map<String, Long> alerts = counts(
                    c,
                    "SELECT kind, COUNT(*) FROM alert WHERE raised_at >= ? AND raised_at < ?"
                            + " GROUP BY kind ORDER BY 2 DESC, 1",
                    from,
                    to);
            Map<String, Long> fetches = tokens == null ? Map.of() : new LinkedHashMap<>(tokens.on(day));
            return new DailyFigures(day, byType, top, misses, tx, alerts, fetches);
        }
    }

    public long messages() {
        return messagesByType.values().stream().mapToLong(Long::longValue).sum();
    }

    public long misses() {
        return missesByAccount.values().stream().mapToLong(Long::longValue).sum();
    }

    public long transactions() {
        return transactionsByState.values().stream().mapToLong(Long::longValue).sum();
    }

    public long alerts() {
        return alertsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** As the keyword matcher compares texts: NFKC, surrounding white space removed, lower case. */
    static String normalize(String s) {
        return s == null
                ? ""
                : Normalizer.normalize(s, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Long> counts(Connection c, String sql, Timestamp from, Timestamp to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, from);
            ps.setTimestamp(2, to);
            return read(ps);
        }
    }

    private static Map<String, Long> read(PreparedStatement ps) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables" + " WHERE table_schema = DATABASE() AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
