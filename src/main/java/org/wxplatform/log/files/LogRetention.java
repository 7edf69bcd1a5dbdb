package org.wxplatform.log.files;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.scheduler.Scheduling;

/**
 * Retention of the monthly log files (SPEC §7.2): the interface log ({@code interface.log}) and the HTTP
 * access log ({@code access.log}) in the server's log directory keep the current month and {@code
 * WXP_LOG_KEEP_MONTHS} (default 6) earlier months; older ones are deleted and earlier months left
 * uncompressed are gzipped, daily at 03:20 by a cluster-wide Quartz job.
 *
 * <p>The job runs on one node per firing, and log files are per node: on a cluster each node's files are
 * tidied when the job happens to run there, and every node tidies its own files at start-up as well, so no
 * node keeps old months for long.
 */
@ApplicationScoped
public class LogRetention {

    static final String JOB_NAME = "log-file-retention";
    static final List<String> FILES = List.of("interface.log", "access.log");

    private static final Logger LOG = Logger.getLogger(LogRetention.class.getName());

    @Inject
    Scheduling scheduling;

    void schedule(@Observes PlatformStarted started) throws SchedulerException {
        scheduling.scheduleCron(JOB_NAME, RetentionJob.class, "0 20 3 * * ?");
        tidy();
    }

    /** Runs the retention on this node's log directory; answers what it did (empty when there is no directory). */
    public MonthlyLogFiles.Result tidy() {
        String dir = System.getProperty("jboss.server.log.dir");
        if (dir == null) {
            return new MonthlyLogFiles.Result(List.of(), List.of());
        }
        int keep = Settings.getInt("WXP_LOG_KEEP_MONTHS", 6);
        if (keep < 1) {
            LOG.warning("WXP_LOG_KEEP_MONTHS must be at least 1, not " + keep + ": using 1");
            keep = 1;
        }
        YearMonth now = YearMonth.now(ZoneId.of(Settings.get("WXP_TIMEZONE", "Asia/Shanghai")));
        try {
            MonthlyLogFiles.Result r = MonthlyLogFiles.tidy(Path.of(dir), FILES, now, keep);
            if (!r.deleted().isEmpty() || !r.compressed().isEmpty()) {
                LOG.info("log retention: deleted " + r.deleted() + ", compressed " + r.compressed());
            }
            return r;
        } catch (IOException e) {
            LOG.warning("log retention failed in " + dir + ": " + e);
            return new MonthlyLogFiles.Result(List.of(), List.of());
        }
    }

    /** The Quartz side: one node per firing. */
    @Dependent
    @DisallowConcurrentExecution
    public static class RetentionJob implements Job {

        @Inject
        LogRetention retention;

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            retention.tidy();
        }
    }
}
