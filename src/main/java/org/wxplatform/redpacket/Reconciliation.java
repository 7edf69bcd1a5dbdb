package org.wxplatform.redpacket;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.alert.Alerts;

/**
 * The daily check of the red packets' books (hot and cold ledger together):
 *
 * <ul>
 *   <li>every movement balances: its legs sum to zero;
 *   <li>every account's balance equals the sum of its ledger legs (and every account in the ledger has
 *       its row);
 *   <li>every packet: its shares sum to its total, its funding leg equals its total, its grabs equal
 *       {@code taken_mb}, {@code taken + refunded <= total} (equal once resolved) and its escrow in the
 *       ledger is what is left.
 * </ul>
 *
 * Each mismatch raises an alert ({@code redpacket-mismatch}) and is returned.
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class.getName());
    static final String LEDGER =
            "(SELECT holder, appid, openid, packet_id, amount_mb, kind, idem_key, leg FROM rp_ledger"
                    + " UNION ALL SELECT holder, appid, openid, packet_id, amount_mb, kind, idem_key, leg FROM rp_ledger_cold)";

    /** What one run found. */
    public record Report(Instant at, int accounts, int packets, List<String> mismatches) {
        public boolean clean() {
            return mismatches.isEmpty();
        }
    }

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Inject
    Alerts alerts;

    public Report run() throws SQLException {
        List<String> found = new ArrayList<>();
        int accounts;
        int packets;
        try (Connection c = dataSource.getConnection()) {
            collect(
                    c,
                    "SELECT idem_key, SUM(amount_mb), COUNT(*) FROM " + LEDGER
                            + " l GROUP BY idem_key HAVING SUM(amount_mb) <> 0 OR COUNT(*) <> 2 LIMIT 100",
                    rs -> "movement " + rs.getString(1) + ": legs sum to " + rs.getLong(2) + " over " + rs.getInt(3)
                            + " legs",
                    found);
            collect(
                    c,
                    "SELECT a.appid, a.openid, a.balance_mb, COALESCE(l.s, 0) FROM rp_account a LEFT JOIN"
                            + " (SELECT appid, openid, SUM(amount_mb) s FROM " + LEDGER + " x WHERE holder = 'U'"
                            + " GROUP BY appid, openid) l ON l.appid = a.appid AND l.openid = a.openid"
                            + " WHERE a.balance_mb <> COALESCE(l.s, 0) LIMIT 100",
                    rs -> "account " + rs.getString(1) + "/" + rs.getString(2) + ": balance " + rs.getLong(3)
                            + " MB, ledger " + rs.getLong(4) + " MB",
                    found);
            collect(
                    c,
                    "SELECT l.appid, l.openid, l.s FROM (SELECT appid, openid, SUM(amount_mb) s FROM " + LEDGER
                            + " x WHERE holder = 'U' GROUP BY appid, openid) l LEFT JOIN rp_account a"
                            + " ON a.appid = l.appid AND a.openid = l.openid WHERE a.openid IS NULL LIMIT 100",
                    rs -> "account " + rs.getString(1) + "/" + rs.getString(2) + ": ledger " + rs.getLong(3)
                            + " MB but no account",
                    found);
            collect(
                    c,
                    "SELECT p.id, p.total_mb, p.taken_mb, p.refunded_mb, p.state, COALESCE(s.s, 0),"
                            + " COALESCE(g.s, 0), COALESCE(f.s, 0), COALESCE(e.s, 0), COALESCE(g.n, 0), p.taken_count"
                            + " FROM rp_packet p"
                            + " LEFT JOIN (SELECT packet_id, SUM(amount_mb) s FROM rp_share GROUP BY packet_id) s ON s.packet_id = p.id"
                            + " LEFT JOIN (SELECT packet_id, SUM(amount_mb) s, COUNT(*) n FROM rp_grab GROUP BY packet_id) g"
                            + " ON g.packet_id = p.id"
                            + " LEFT JOIN (SELECT packet_id, SUM(amount_mb) s FROM " + LEDGER
                            + " x WHERE holder = 'P' AND amount_mb > 0"
                            + " GROUP BY packet_id) f ON f.packet_id = p.id"
                            + " LEFT JOIN (SELECT packet_id, SUM(amount_mb) s FROM " + LEDGER + " x WHERE holder = 'P'"
                            + " GROUP BY packet_id) e ON e.packet_id = p.id"
                            + " WHERE COALESCE(s.s, 0) <> p.total_mb OR COALESCE(f.s, 0) <> p.total_mb"
                            + " OR COALESCE(g.s, 0) <> p.taken_mb OR COALESCE(g.n, 0) <> p.taken_count"
                            + " OR p.taken_mb + p.refunded_mb > p.total_mb"
                            + " OR (p.state <> 'O' AND p.taken_mb + p.refunded_mb <> p.total_mb)"
                            + " OR (p.state = 'O' AND p.refunded_mb <> 0)"
                            + " OR COALESCE(e.s, 0) <> p.total_mb - p.taken_mb - p.refunded_mb LIMIT 100",
                    rs -> "packet " + rs.getLong(1) + " (" + rs.getString(5) + "): total " + rs.getLong(2)
                            + ", shares " + rs.getLong(6) + ", funded " + rs.getLong(8) + ", taken " + rs.getLong(3)
                            + " (grabs " + rs.getLong(7) + " in " + rs.getInt(10) + " of " + rs.getInt(11)
                            + "), refunded " + rs.getLong(4) + ", escrow " + rs.getLong(9),
                    found);
            accounts = count(c, "SELECT COUNT(*) FROM rp_account");
            packets = count(c, "SELECT COUNT(*) FROM rp_packet");
        }
        for (String m : found) {
            alerts.raise("redpacket-mismatch", m.substring(0, m.indexOf(':')), m, 60);
        }
        if (found.isEmpty()) {
            LOG.info("red packet reconciliation: " + accounts + " accounts and " + packets + " packets balance");
        }
        return new Report(Instant.now(), accounts, packets, List.copyOf(found));
    }

    private interface Row {
        String describe(ResultSet rs) throws SQLException;
    }

    private static void collect(Connection c, String sql, Row row, List<String> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(row.describe(rs));
            }
        }
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
