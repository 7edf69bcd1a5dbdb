package org.wxplatform.customerservice.agent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.wxplatform.message.async.AsyncTasks;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.config.Settings;

/**
 * The chats' clock, every 15 s on one node of the cluster (clustered Quartz): closes active chats in which
 * nobody spoke for {@code WXP_CS_IDLE_SECONDS} (600) and tells the subscriber; tells subscribers waiting
 * longer than {@code WXP_CS_BUSY_SECONDS} (180) that they may leave a message (they stay in the queue:
 * what they write is there when an agent takes them); restores lost Redis markers of open chats; and
 * settles answers whose delivery was not recorded (a node died between the push and the record).
 */
@ApplicationScoped
public class ChatSweeper {

    private static final Logger LOG = Logger.getLogger(ChatSweeper.class.getName());

    final long idleSeconds = Math.max(30, Settings.getInt("WXP_CS_IDLE_SECONDS", 600));
    final long busySeconds = Math.max(10, Settings.getInt("WXP_CS_BUSY_SECONDS", 180));

    @Inject
    AgentSessions sessions;

    @Inject
    AgentChats chats;

    @Inject
    AsyncTasks tasks;

    @Inject
    ConsoleLive live;

    @Inject
    org.wxplatform.platform.scheduler.Scheduling scheduling;

    void start(@Observes PlatformStarted started) throws SchedulerException {
        scheduling.scheduleCron("cs-sweep", Job15s.class, "7/15 * * * * ?");
    }

    /** What one sweep did. */
    public record Swept(int closedIdle, int toldBusy, int settled) {}

    /** One sweep as of {@code now} (the job passes the clock's time; tests pass a later one). */
    public Swept sweep(Instant now) throws SQLException {
        int closed = 0;
        for (AgentSessions.Chat chat : sessions.idleSince(now.minusSeconds(idleSeconds), 200)) {
            if (chats.closeIdle(chat, now)) {
                closed++;
            }
        }
        int told = 0;
        for (AgentSessions.Chat chat : sessions.waitingSince(now.minusSeconds(busySeconds), 200)) {
            if (chats.tellBusy(chat, now)) {
                told++;
            }
        }
        chats.remark(sessions.allOpen(5000));
        int settled = 0;
        for (AgentSessions.Line line : sessions.pendingBefore(now.minusSeconds(60), 500)) {
            Optional<AgentSessions.Chat> chat = sessions.find(line.sessionId());
            if (chat.isEmpty()) {
                continue;
            }
            Optional<Map.Entry<Boolean, String>> outcome =
                    tasks.settled(AgentChats.taskId(chat.get().appid(), line.id()));
            if (outcome.isPresent()) {
                boolean sent = outcome.get().getKey();
                String error = outcome.get().getValue();
                char delivery = sent ? 'D' : AgentChats.refusedByWeChat(error) ? 'U' : 'F';
                if (sessions.settle(line.id(), delivery, sent ? null : error)) {
                    live.ring("delivery", line.sessionId(), line.agent());
                    settled++;
                }
            }
        }
        return new Swept(closed, told, settled);
    }

    @Dependent
    @DisallowConcurrentExecution
    public static class Job15s implements Job {
        @Inject
        ChatSweeper sweeper;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                sweeper.sweep(Instant.now());
            } catch (SQLException | RuntimeException e) {
                LOG.warning("chat sweep: " + e.getMessage());
            }
        }
    }
}
