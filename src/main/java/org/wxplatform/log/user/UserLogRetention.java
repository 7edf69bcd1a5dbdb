package org.wxplatform.log.user;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.scheduler.Scheduling;

/**
 * Retention of the user logs (SPEC §7.1): rows are kept {@code WXP_USER_LOG_KEEP_MONTHS} (6) months and
 * purged after, daily at 03:40 by a cluster-wide Quartz job (one node per firing). A year's table whose
 * every row is past the limit is dropped whole (instant, no undo log); in the others the old rows go in
 * batches of 5,000 through the time index, so the purge never holds a long lock on a table that callbacks
 * write into.
 */
@ApplicationScoped
public class UserLogRetention {

    static final String JOB_NAME = "user-log-retention";
    static final int BATCH = 5_000;

    private static final Logger LOG = Logger.getLogger(UserLogRetention.class.getName());

    /** What a purge did. */
    public record Result(Instant before, List<String> dropped, long deleted) {}

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Inject
    Scheduling scheduling;

    void schedule(@Observes PlatformStarted started) throws SchedulerException {
        scheduling.scheduleCron(JOB_NAME, PurgeJob.class, "0 40 3 * * ?");
    }

    /** The moment before which rows are purged: the start of today (Beijing time) minus the months kept. */
    static Instant cutoff(Instant now, int months) {
        ZonedDateTime today = now.atZone(UserLog.ZONE).toLocalDate().atStartOfDay(UserLog.ZONE);
        return today.minusMonths(Math.max(1, months)).toInstant();
    }

    /** Purges the rows older than the retention; answers what it did. */
    public Result purge() throws SQLException {
        Instant before = cutoff(Instant.now(), Settings.getInt("WXP_USER_LOG_KEEP_MONTHS", 6));
        int cutoffYear = before.atZone(UserLog.ZONE).getYear();
        List<String> dropped = new ArrayList<>();
        long deleted = 0;
        try (Connection c = dataSource.getConnection()) {
            for (int year : years(c)) {
                String table = UserLog.table(year);
                if (year < cutoffYear) {
                    try (Statement s = c.createStatement()) {
                        s.execute("DROP TABLE IF EXISTS " + table);
                    }
                    dropped.add(table);
                    continue;
                }
                if (year > cutoffYear) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM " + table + " WHERE created_at < ? ORDER BY created_at LIMIT " + BATCH)) {
                    ps.setTimestamp(1, Timestamp.from(before));
                    int n;
                    do {
                        n = ps.executeUpdate();
                        deleted += n;
                    } while (n == BATCH);
                }
            }
        }
        if (!dropped.isEmpty() || deleted > 0) {
            LOG.info("user log retention: rows before " + before + " purged, tables dropped " + dropped
                    + ", rows deleted " + deleted);
        }
        return new Result(before, dropped, deleted);
    }

    /** The years that have a table, oldest first. */
    private static List<Integer> years(Connection c) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = DATABASE() AND table_name LIKE 'user\\_log\\_%' ORDER BY table_name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.matches("user_log_2[0-9]{3}")) {
                    out.add(Integer.parseInt(name.substring("user_log_".length())));
                }
            }
        }
        return out;
    }

    /** The Quartz side: one node per firing. */
    @Dependent
    @DisallowConcurrentExecution
    public static class PurgeJob implements Job {

        @Inject
        UserLogRetention retention;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                retention.purge();
            } catch (SQLException e) {
                LOG.warning("user log retention failed (tried again tomorrow): " + e.getMessage());
            }
        }
    }
}
