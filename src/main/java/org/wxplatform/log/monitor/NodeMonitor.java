package org.wxplatform.log.monitor;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.config.Settings;

/**
 * Monitoring samples of this node (SPEC §7.4) into {@code node_sample}: network traffic per interface from
 * {@code /proc/net/dev} every {@code WXP_MONITOR_NET_SECONDS} (60) as the deltas since the previous
 * reading, the load average from {@code /proc/loadavg} every {@code WXP_MONITOR_LOAD_SECONDS} (900).
 * Rows older than {@code WXP_MONITOR_KEEP_DAYS} (30) are deleted hourly.
 *
 * <p>A timer of each node, not a clustered job: every node samples itself (a cluster-wide job would sample
 * whichever node it happened to run on). Where {@code /proc} is absent (not Linux) nothing is sampled and
 * one line says so.
 */
@ApplicationScoped
public class NodeMonitor {

    static final Path NET_DEV = Path.of("/proc/net/dev");
    static final Path LOADAVG = Path.of("/proc/loadavg");

    private static final Logger LOG = Logger.getLogger(NodeMonitor.class.getName());

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private String node;
    private Map<String, ProcStats.Counters> lastNet;
    private Instant lastNetAt;

    void onStart(@Observes PlatformStarted started) {
        node = PlatformLifecycle.nodeName();
        if (!Files.isReadable(NET_DEV) || !Files.isReadable(LOADAVG)) {
            LOG.info("no /proc/net/dev or /proc/loadavg here: this node is not sampled");
            return;
        }
        long net = Math.max(1, Settings.getInt("WXP_MONITOR_NET_SECONDS", 60));
        long load = Math.max(1, Settings.getInt("WXP_MONITOR_LOAD_SECONDS", 900));
        timers.add(scheduler.scheduleAtFixedRate(this::sampleNet, 0, net, TimeUnit.SECONDS));
        timers.add(scheduler.scheduleAtFixedRate(this::sampleLoad, 0, load, TimeUnit.SECONDS));
        timers.add(scheduler.scheduleAtFixedRate(this::purge, 60, 3600, TimeUnit.SECONDS));
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        timers.forEach(t -> t.cancel(false));
        timers.clear();
    }

    synchronized void sampleNet() {
        try {
            Map<String, ProcStats.Counters> now = ProcStats.netDev(Files.readString(NET_DEV));
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Map<String, ProcStats.Counters> before = lastNet;
            Instant beforeAt = lastNetAt;
            lastNet = now;
            lastNetAt = at;
            if (before == null) {
                return; // the first reading is the baseline of the first delta
            }
            int seconds = (int) Math.max(1, Duration.between(beforeAt, at).toSeconds());
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO node_sample (node, kind, taken_at, iface,"
                                    + " seconds, rx_bytes, tx_bytes, rx_packets, tx_packets) VALUES (?, 'net', ?, ?, ?, ?, ?, ?, ?)")) {
                for (var e : now.entrySet()) {
                    ProcStats.Counters earlier = before.get(e.getKey());
                    ProcStats.Counters d = earlier == null ? null : e.getValue().since(earlier);
                    if (d == null) {
                        continue;
                    }
                    ps.setString(1, node);
                    ps.setTimestamp(2, Timestamp.from(at));
                    ps.setString(3, e.getKey());
                    ps.setInt(4, seconds);
                    ps.setLong(5, d.rxBytes());
                    ps.setLong(6, d.txBytes());
                    ps.setLong(7, d.rxPackets());
                    ps.setLong(8, d.txPackets());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warning("network sample not taken: " + e);
        }
    }

    void sampleLoad() {
        try {
            ProcStats.Load l = ProcStats.loadAvg(Files.readString(LOADAVG));
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO node_sample (node, kind, taken_at, load1,"
                            + " load5, load15) VALUES (?, 'load', ?, ?, ?, ?)")) {
                ps.setString(1, node);
                ps.setTimestamp(2, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
                ps.setBigDecimal(3, decimal(l.one()));
                ps.setBigDecimal(4, decimal(l.five()));
                ps.setBigDecimal(5, decimal(l.fifteen()));
                ps.executeUpdate();
            }
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warning("load sample not taken: " + e);
        }
    }

    /** Deletes expired rows in small batches (any node may do it; the rows are the cluster's). */
    void purge() {
        int keep = Math.max(1, Settings.getInt("WXP_MONITOR_KEEP_DAYS", 30));
        Timestamp before = Timestamp.from(Instant.now().minus(Duration.ofDays(keep)));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM node_sample WHERE taken_at < ? LIMIT 5000")) {
            ps.setTimestamp(1, before);
            while (ps.executeUpdate() == 5000) {
                // next batch
            }
        } catch (SQLException e) {
            LOG.warning("monitor purge failed: " + e.getMessage());
        }
    }

    private static BigDecimal decimal(double d) {
        return BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP);
    }
}
