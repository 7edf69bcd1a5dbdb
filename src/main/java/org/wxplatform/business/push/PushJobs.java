package org.wxplatform.business.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.rabbit.RabbitBroker;
import org.wxplatform.platform.scheduler.Scheduling;

/**
 * The pushes' pump, a clustered Quartz job every 5 s (once across the cluster): what no consumer is
 * working on is picked up again, so a push resumes after a node was killed or the whole product restarted.
 *
 * <ul>
 *   <li>a target in doubt (intent recorded, no answer, no receipt) for over {@code WXP_PUSH_INDOUBT_SECONDS}
 *       (120) was not delivered: it goes back to pending, marked resent, and is published again;
 *   <li>a running push with pending targets that settled nothing for 30 s while the queue is empty gets its
 *       pending batches published again (a batch delivered twice sends nothing twice: targets are claimed);
 *   <li>a running push with nothing pending or in doubt is finished; a finished push is mailed once its
 *       receipts are in or {@code WXP_PUSH_MAIL_WAIT_SECONDS} (60) after it finished (a failed mail is
 *       tried again every five minutes);
 *   <li>an upload left half-read by a node that died is deleted after an hour.
 * </ul>
 */
@ApplicationScoped
public class PushJobs {

    private static final Logger LOG = Logger.getLogger(PushJobs.class.getName());

    @Inject
    PushStore store;

    @Inject
    PushSender sender;

    @Inject
    Pushes pushes;

    @Inject
    PushMail mail;

    @Inject
    RabbitBroker broker;

    @Inject
    Scheduling scheduling;

    @Inject
    redis.clients.jedis.JedisPool redis;

    /** A mail that failed waits five minutes before the next try (the SMTP server is down or refuses it). */
    private boolean mailHeld(long id) {
        try (redis.clients.jedis.Jedis jedis = redis.getResource()) {
            return jedis.exists("wxp:push:mail-hold:" + id);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void holdMail(long id) {
        try (redis.clients.jedis.Jedis jedis = redis.getResource()) {
            jedis.setex("wxp:push:mail-hold:" + id, 300, "1");
        } catch (RuntimeException e) {
            // tried again at the next run
        }
    }

    void schedule(@Observes PlatformStarted started) throws SchedulerException {
        scheduling.scheduleCron("push-pump", PumpJob.class, "0/5 * * * * ?");
    }

    void pump() throws SQLException {
        long inDoubtMs = 1000L * Settings.getInt("WXP_PUSH_INDOUBT_SECONDS", 120);
        Set<Long> republish = new TreeSet<>();
        for (long[] t : store.inDoubt(inDoubtMs, 5000)) {
            if (store.resend(t[0], (int) t[1])) {
                republish.add(t[0]);
            }
        }
        if (!republish.isEmpty()) {
            LOG.info("pushes " + republish + ": targets in doubt with no receipt are sent again");
        }
        long queued;
        try {
            queued = broker.messageCount(List.of(PushSender.QUEUE));
        } catch (IOException | RuntimeException e) {
            queued = -1;
        }
        for (long id : store.running()) {
            sender.finishIfSettled(id);
            if (queued == 0 && !sender.alive(id)) {
                republish.add(id);
            }
        }
        for (long id : republish) {
            PushStore.Row row = store.find(id);
            if (row != null && row.state() == 'R') {
                sender.publishPending(id);
            }
        }
        long waitMs = 1000L * Settings.getInt("WXP_PUSH_MAIL_WAIT_SECONDS", 60);
        for (PushStore.Row row : store.list(null, 50)) {
            if ((row.state() == 'F' || row.state() == 'C') && row.mailedMs() == null) {
                PushView v = pushes.view(row);
                boolean due = v.awaitingReceipt() == 0
                        || row.finishedMs() == null
                        || System.currentTimeMillis() - row.finishedMs() > waitMs;
                if (due && !mailHeld(row.id()) && store.claimMail(row.id())) {
                    if (!mail.send(pushes.view(store.find(row.id())))) {
                        store.unclaimMail(row.id());
                        holdMail(row.id());
                    }
                }
            }
        }
        for (long id : store.staleUploads(3_600_000)) {
            store.delete(id);
        }
    }

    /** Runs {@link #pump} once across the cluster. */
    @Dependent
    @DisallowConcurrentExecution
    public static class PumpJob implements Job {
        @Inject
        PushJobs jobs;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                jobs.pump();
            } catch (SQLException | RuntimeException e) {
                LOG.warning("push pump: " + e.getMessage());
            }
        }
    }
}
