package org.wxplatform.message.dedupe;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.scheduler.Scheduling;

/**
 * Keeps the database side of the exactly-once state machine small: {@code msg_receipt} rows only
 * matter while WeChat may still retry (about 15 s) and while the reply is worth answering again, so
 * rows older than {@code WXP_RECEIPT_KEEP_MINUTES} (default 120, never under 10) are deleted by a
 * cluster-wide Quartz job every ten minutes, in batches so that no long lock blocks the callbacks that
 * insert at the same time. Screened repeats ({@code msg_repeat}) are operators' records and are kept
 * for {@code WXP_REPEAT_KEEP_DAYS} (default 180, the user logs' six months).
 */
@ApplicationScoped
public class ReceiptPurge {

    static final String JOB_NAME = "message-receipt-purge";
    static final int BATCH = 1000;

    private static final Logger LOG = Logger.getLogger(ReceiptPurge.class.getName());

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Inject
    Scheduling scheduling;

    void schedule(@Observes PlatformStarted started) throws SchedulerException {
        scheduling.scheduleCron(JOB_NAME, PurgeJob.class, "0 */10 * * * ?");
    }

    /** What one purge deleted. */
    public record Purged(int receipts, int repeats) {}

    /** Deletes receipts older than the receipt window and repeats older than the repeat window. */
    public Purged purge(Instant now) throws SQLException {
        long keepMinutes = Math.max(10, Settings.getInt("WXP_RECEIPT_KEEP_MINUTES", 120));
        long keepDays = Math.max(1, Settings.getInt("WXP_REPEAT_KEEP_DAYS", 180));
        int receipts = deleteBefore("msg_receipt", now.minus(Duration.ofMinutes(keepMinutes)));
        int repeats = deleteBefore("msg_repeat", now.minus(Duration.ofDays(keepDays)));
        return new Purged(receipts, repeats);
    }

    private int deleteBefore(String table, Instant cutoff) throws SQLException {
        int total = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM " + table + " WHERE created_at < ? ORDER BY id LIMIT " + BATCH)) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            int deleted;
            do {
                deleted = ps.executeUpdate();
                total += deleted;
            } while (deleted == BATCH);
        }
        return total;
    }

    /** The Quartz side: runs on one node of the cluster at a time. */
    @Dependent
    @DisallowConcurrentExecution
    public static class PurgeJob implements Job {

        @Inject
        ReceiptPurge purge;

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                Purged purged = purge.purge(Instant.now());
                if (purged.receipts() + purged.repeats() > 0) {
                    LOG.info("purged " + purged.receipts() + " message receipts and " + purged.repeats()
                            + " screened repeats");
                }
            } catch (SQLException e) {
                throw new JobExecutionException("message receipt purge failed: " + e.getMessage(), e);
            }
        }
    }
}
