package org.wxplatform.redpacket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.scheduler.Scheduling;

/**
 * The red packets' clustered Quartz jobs (each runs on one node of the cluster at a time): expiry refunds
 * and the resubmission of exchanges ({@code WXP_REDPACKET_REFUND_CRON}, every 15 s), the daily
 * reconciliation ({@code WXP_REDPACKET_RECONCILE_CRON}, 03:30) and the hot/cold mover (04:10).
 */
@ApplicationScoped
public class RedPacketJobs {

    private static final Logger LOG = Logger.getLogger(RedPacketJobs.class.getName());

    @Inject
    Scheduling scheduling;

    void schedule(@Observes PlatformStarted started) throws SchedulerException {
        scheduling.scheduleCron(
                "rp-refund", RefundJob.class, Settings.get("WXP_REDPACKET_REFUND_CRON", "3/15 * * * * ?"));
        scheduling.scheduleCron(
                "rp-reconcile", ReconcileJob.class, Settings.get("WXP_REDPACKET_RECONCILE_CRON", "0 30 3 * * ?"));
        scheduling.scheduleCron("rp-ledger-mover", MoverJob.class, "0 10 4 * * ?");
    }

    /** Refunds expired packets; submits exchanges a crash left unsubmitted. */
    @Dependent
    @DisallowConcurrentExecution
    public static class RefundJob implements Job {
        @Inject
        RedPackets packets;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                int n;
                do {
                    n = packets.refundExpired(500);
                    if (n > 0) {
                        LOG.info("red packets refunded: " + n);
                    }
                } while (n == 500);
                packets.resubmitExchanges(Instant.now().minusSeconds(30));
            } catch (SQLException | RuntimeException e) {
                LOG.warning("red packet refunds: " + e.getMessage());
            }
        }
    }

    /** The daily reconciliation; mismatches alert. */
    @Dependent
    @DisallowConcurrentExecution
    public static class ReconcileJob implements Job {
        @Inject
        Reconciliation reconciliation;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                reconciliation.run();
            } catch (SQLException | RuntimeException e) {
                LOG.warning("red packet reconciliation: " + e.getMessage());
            }
        }
    }

    /** Moves old legs of resolved packets to the cold ledger. */
    @Dependent
    @DisallowConcurrentExecution
    public static class MoverJob implements Job {
        @Inject
        LedgerMover mover;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                int moved = mover.move(LocalDate.now(RedPackets.ZONE), 200);
                LOG.info("red packet ledger legs moved to cold: " + moved);
            } catch (SQLException | RuntimeException e) {
                LOG.warning("red packet ledger mover: " + e.getMessage());
            }
        }
    }
}
