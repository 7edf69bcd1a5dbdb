package org.wxplatform.log.monitor;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * The monitoring samples of a time range as chart series, per node: traffic per interface (bytes and
 * packets per minute, in and out) and load average; and the balancers' requests/s, tier and tier changes
 * as their scaling monitor reported them. A range is cut into at most {@link #MAX_POINTS}
 * buckets (a minute at least), summed (traffic) or averaged (load) by the database, so a month of
 * samples answers with a few hundred points per series.
 */
@ApplicationScoped
public class MonitorQuery {

    public static final int MAX_POINTS = 720;
    public static final Duration MAX_RANGE = Duration.ofDays(31);
    /** Rows read at most for one answer (many interfaces on many nodes). */
    static final int MAX_ROWS = 100_000;

    /** One bucket of an interface: per-minute rates over the bucket. */
    public record Traffic(Instant at, double rxBytes, double txBytes, double rxPackets, double txPackets) {}

    public record Load(Instant at, double one, double five, double fifteen) {}

    public record NodeSeries(String node, Map<String, List<Traffic>> traffic, List<Load> load) {}

    /** The scaling monitor's requests/s over a bucket and the highest tier in it. */
    public record Scale(Instant at, double rps, int tier) {}

    /** A tier change as the scaling monitor reported it. */
    public record TierChange(Instant at, String balancer, double rps, int tier) {}

    public record Answer(
            long bucketSeconds,
            List<NodeSeries> nodes,
            Map<String, List<Scale>> scale,
            List<TierChange> tierChanges,
            boolean truncated) {}

    static final int MAX_TIER_CHANGES = 1000;

    private static final String EPOCH = "'2000-01-01 00:00:00'";
    private static final Instant EPOCH_INSTANT = Instant.parse("2000-01-01T00:00:00Z");

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    public static long bucketSeconds(Instant from, Instant to) {
        long range = Math.max(1, Duration.between(from, to).toSeconds());
        long minutes = (range + MAX_POINTS * 60L - 1) / (MAX_POINTS * 60L);
        return Math.max(1, minutes) * 60;
    }

    /** Samples in [from, to), of one node or (node null) of all. */
    public Answer series(Instant from, Instant to, String node) throws SQLException {
        long bucket = bucketSeconds(from, to);
        Map<String, NodeSeries> nodes = new LinkedHashMap<>();
        Map<String, List<Scale>> scale = new LinkedHashMap<>();
        List<TierChange> changes = new ArrayList<>();
        int rows = 0;
        try (Connection c = dataSource.getConnection()) {
            String where = " WHERE kind = ? AND taken_at >= ? AND taken_at < ?" + (node == null ? "" : " AND node = ?");
            try (PreparedStatement ps = c.prepareStatement("SELECT node, iface, TIMESTAMPDIFF(SECOND, " + EPOCH
                    + ", taken_at) DIV ? AS b, SUM(rx_bytes), SUM(tx_bytes), SUM(rx_packets), SUM(tx_packets),"
                    + " SUM(seconds) FROM node_sample" + where + " GROUP BY node, iface, b ORDER BY node, iface, b"
                    + " LIMIT " + MAX_ROWS)) {
                bind(ps, bucket, "net", from, to, node);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        double perMinute = 60.0 / Math.max(1, rs.getLong(8));
                        series(nodes, rs.getString(1))
                                .traffic()
                                .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                                .add(new Traffic(
                                        at(rs.getLong(3), bucket),
                                        rs.getLong(4) * perMinute,
                                        rs.getLong(5) * perMinute,
                                        rs.getLong(6) * perMinute,
                                        rs.getLong(7) * perMinute));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT node, TIMESTAMPDIFF(SECOND, " + EPOCH
                    + ", taken_at) DIV ? AS b, AVG(load1), AVG(load5), AVG(load15) FROM node_sample" + where
                    + " GROUP BY node, b ORDER BY node, b LIMIT " + MAX_ROWS)) {
                bind(ps, bucket, "load", from, to, node);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        series(nodes, rs.getString(1))
                                .load()
                                .add(new Load(
                                        at(rs.getLong(2), bucket), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT node, TIMESTAMPDIFF(SECOND, " + EPOCH
                    + ", taken_at) DIV ? AS b, AVG(rps), MAX(tier) FROM node_sample"
                    + " WHERE kind IN ('scale', 'tier') AND taken_at >= ? AND taken_at < ?"
                    + " GROUP BY node, b ORDER BY node, b LIMIT " + MAX_ROWS)) {
                ps.setLong(1, bucket);
                ps.setTimestamp(2, Timestamp.from(from));
                ps.setTimestamp(3, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        scale.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new Scale(at(rs.getLong(2), bucket), rs.getDouble(3), rs.getInt(4)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT node, taken_at, rps, tier FROM node_sample"
                    + " WHERE kind = 'tier' AND taken_at >= ? AND taken_at < ? ORDER BY taken_at, id LIMIT "
                    + MAX_TIER_CHANGES)) {
                ps.setTimestamp(1, Timestamp.from(from));
                ps.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new TierChange(
                                rs.getTimestamp(2).toInstant(), rs.getString(1), rs.getDouble(3), rs.getInt(4)));
                    }
                }
            }
        }
        return new Answer(bucket, List.copyOf(nodes.values()), scale, changes, rows >= MAX_ROWS);
    }

    private static NodeSeries series(Map<String, NodeSeries> nodes, String node) {
        return nodes.computeIfAbsent(node, n -> new NodeSeries(n, new LinkedHashMap<>(), new ArrayList<>()));
    }

    private static Instant at(long bucketIndex, long bucket) {
        return EPOCH_INSTANT.plusSeconds(bucketIndex * bucket);
    }

    private static void bind(PreparedStatement ps, long bucket, String kind, Instant from, Instant to, String node)
            throws SQLException {
        ps.setLong(1, bucket);
        ps.setString(2, kind);
        ps.setTimestamp(3, Timestamp.from(from));
        ps.setTimestamp(4, Timestamp.from(to));
        if (node != null) {
            ps.setString(5, node);
        }
    }
}
