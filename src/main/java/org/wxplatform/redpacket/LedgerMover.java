package org.wxplatform.redpacket;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * Hot/cold split of the ledger by day: legs older than {@link #HOT_DAYS} days whose packet is resolved
 * (or that belong to no packet) move from {@code rp_ledger} to {@code rp_ledger_cold}, partitioned by
 * month; the mover also adds the partitions of the coming months ahead of time. Both legs of a movement
 * share their day and packet, so they move together, and each batch moves in one transaction.
 */
@ApplicationScoped
public class LedgerMover {

    static final int HOT_DAYS = 7;
    static final int BATCH = 2000;

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    /** Moves what is due (up to {@code maxBatches} batches); returns the legs moved. */
    public int move(LocalDate today, int maxBatches) throws SQLException {
        addPartitions(YearMonth.from(today));
        int moved = 0;
        for (int b = 0; b < maxBatches; b++) {
            int n = moveBatch(today.minusDays(HOT_DAYS));
            moved += n;
            if (n < BATCH) {
                break;
            }
        }
        return moved;
    }

    private int moveBatch(LocalDate before) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT l.id FROM rp_ledger l LEFT JOIN rp_packet p"
                    + " ON p.id = l.packet_id WHERE l.day < ? AND (l.packet_id IS NULL OR p.state <> 'O')"
                    + " ORDER BY l.id LIMIT " + BATCH)) {
                ps.setDate(1, java.sql.Date.valueOf(before));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rp_ledger_cold (id, day, appid, holder, openid, packet_id, amount_mb,"
                        + " kind, idem_key, leg, created_at) SELECT id, day, appid, holder, openid, packet_id,"
                        + " amount_mb, kind, idem_key, leg, created_at FROM rp_ledger WHERE id IN (" + in + ")");
                s.executeUpdate("DELETE FROM rp_ledger WHERE id IN (" + in + ")");
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return ids.size();
        }
    }

    /** Splits the open-ended partition so that this month and the next three have their own. */
    void addPartitions(YearMonth now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Set<String> have = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT partition_name FROM information_schema.partitions"
                            + " WHERE table_schema = DATABASE() AND table_name = 'rp_ledger_cold'");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    have.add(rs.getString(1));
                }
            }
            String last = have.stream()
                    .filter(n -> n.matches("p\\d{6}"))
                    .max(String::compareTo)
                    .orElse("p000000");
            for (int i = 0; i <= 3; i++) {
                YearMonth m = now.plusMonths(i);
                String name = String.format("p%04d%02d", m.getYear(), m.getMonthValue());
                if (name.compareTo(last) <= 0) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    // names and dates are made here from a YearMonth, never from input
                    s.execute("ALTER TABLE rp_ledger_cold REORGANIZE PARTITION pmax INTO (PARTITION " + name
                            + " VALUES LESS THAN ('" + m.plusMonths(1).atDay(1) + "'), PARTITION pmax VALUES LESS THAN"
                            + " (MAXVALUE))");
                }
                last = name;
            }
        }
    }
}
