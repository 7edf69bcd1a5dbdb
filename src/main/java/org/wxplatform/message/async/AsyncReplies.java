package org.wxplatform.message.async;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.alert.Alerts;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.rabbit.DeadLetters;
import org.wxplatform.platform.rabbit.QueueConsumers;
import org.wxplatform.platform.rabbit.RabbitBroker;
import org.wxplatform.platform.rabbit.RabbitTopology;
import org.wxplatform.platform.scheduler.Scheduling;

/**
 * Async replies (SPEC §1.7, seed 001 §4.2): a responder that cannot answer inside WeChat's 5 s calls
 * {@link #defer}, answers the callback at once, and the work's result reaches the subscriber later as
 * customer-service messages.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Durable: the task is stored ({@code async_task}) before the callback is answered and published
 *       to a durable queue as a persistent, confirmed message; if the broker is down it stays stored and a
 *       cluster-wide job publishes it when the broker is back.
 *   <li>Once: the task id comes from the causing message, so WeChat's retries, redeliveries after a node
 *       dies (SIGKILL included: the message is acknowledged only at the end) and republishing run the
 *       work until its result is stored and push each result message once; the result is stored before
 *       any push, so the work is not repeated after it.
 *   <li>Ordered per subscriber: tasks are sharded by account and subscriber over {@code WXP_ASYNC_SHARDS}
 *       queues, each with a single active consumer across the cluster and prefetch 1.
 *   <li>Retried with back-off (seed 004): a push that fails transiently is retried in place (0.5, 1, 2 s,
 *       keeping the order), then through delay queues (5 s, 30 s, 5 min) up to
 *       {@code WXP_ASYNC_MAX_ATTEMPTS}; a task that still fails is kept as failed and raises an alert.
 *   <li>Watched: a job compares the queues' depth with {@code WXP_ASYNC_DEPTH_ALERT} every minute.
 * </ul>
 *
 * The one window left: a node killed after WeChat accepted a push and before the push is recorded sends
 * that one push again on redelivery (WeChat's customer-service API has no idempotency key). The intent of
 * each send is recorded first, so such a re-send is known: counted in {@code async_task.resent} and alerted.
 */
@ApplicationScoped
public class AsyncReplies {

    static final String EXCHANGE = "wxp.async";
    static final String DELAY_EXCHANGE = "wxp.async.delay";
    static final String QUEUE_PREFIX = "wxp.async.";
    static final int[] DELAY_SECONDS = {5, 30, 300};
    static final long[] IN_PLACE_BACKOFF_MS = {500, 1000, 2000};

    private static final Logger LOG = Logger.getLogger(AsyncReplies.class.getName());

    @Inject
    RabbitBroker broker;

    @Inject
    AsyncTasks tasks;

    @Inject
    AsyncWorker worker;

    @Inject
    Alerts alerts;

    @Inject
    DeadLetters deadLetters;

    @Inject
    Scheduling scheduling;

    private final int shards = Math.max(1, Settings.getInt("WXP_ASYNC_SHARDS", 4));
    private QueueConsumers consumers;

    /**
     * Stores and queues {@code kind} work for the sender of {@code message} and returns the callback's
     * immediate answer: {@code ack} as a text ("processing ..."), or {@code success} when null.
     *
     * @throws IllegalStateException if the task cannot even be stored (the callback then fails and
     *     WeChat's retry tries again; nothing was queued)
     */
    public Reply defer(String appid, InboundMessage message, String kind, String payload, String ack) {
        SlowTask task = new SlowTask(
                appid + "/" + kind + "/" + message.dedupeKey(), appid, message.fromUserName(), kind, payload);
        try {
            if (tasks.insertQueued(task)) {
                publish(task);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("async task not stored: " + e.getMessage(), e);
        }
        return ack == null ? Reply.none() : new TextReply(ack);
    }

    /**
     * Stores and queues pushes that no callback waits for (an agent's answer in a chat): the same durable,
     * ordered, retried path. Answers false when a task of that id was stored before (nothing is queued
     * twice).
     *
     * @throws IllegalStateException if the task cannot be stored
     */
    public boolean enqueue(SlowTask task) {
        try {
            if (tasks.insertQueued(task)) {
                publish(task);
                return true;
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("async task not stored: " + e.getMessage(), e);
        }
    }

    /** Publishes a stored task; on failure it stays in state Q for the republish job. */
    boolean publish(SlowTask task) throws SQLException {
        try {
            broker.publish(
                    EXCHANGE,
                    Integer.toString(shard(task)),
                    RabbitBroker.persistent().messageId(task.taskId()).build(),
                    task.toBytes());
        } catch (IOException e) {
            LOG.warning("async task " + task.taskId() + " kept for republishing: " + e.getMessage());
            alerts.raise("broker-down", "async replies", "tasks kept in the database: " + e.getMessage(), 600);
            return false;
        }
        tasks.markPublished(task.taskId());
        return true;
    }

    int shard(SlowTask task) {
        return Math.floorMod((task.appid() + ":" + task.openid()).hashCode(), shards);
    }

    /** Schedules a retry of {@code task} after the delay of its attempt number (1-based). */
    void retryLater(SlowTask task, int attempt) throws IOException {
        int level = DELAY_SECONDS[Math.min(attempt, DELAY_SECONDS.length) - 1];
        broker.publish(
                DELAY_EXCHANGE,
                level + "." + shard(task),
                RabbitBroker.persistent().messageId(task.taskId()).build(),
                task.toBytes());
    }

    void declare(@Observes RabbitTopology topology) throws IOException {
        topology.durableExchange(EXCHANGE, "direct");
        topology.durableExchange(DELAY_EXCHANGE, "direct");
        for (int s = 0; s < shards; s++) {
            String queue = QUEUE_PREFIX + s;
            topology.durableQueue(queue, Map.of("x-single-active-consumer", true));
            topology.bind(queue, EXCHANGE, Integer.toString(s));
            for (int delay : DELAY_SECONDS) {
                // a delayed message comes back dead-lettered with its routing key "delay.shard"
                topology.bind(queue, EXCHANGE, delay + "." + s);
            }
        }
        for (int delay : DELAY_SECONDS) {
            String queue = QUEUE_PREFIX + "delay." + delay + "s";
            topology.durableQueue(queue, Map.of("x-message-ttl", delay * 1000, "x-dead-letter-exchange", EXCHANGE));
            for (int s = 0; s < shards; s++) {
                topology.bind(queue, DELAY_EXCHANGE, delay + "." + s);
            }
        }
    }

    void start(@Observes PlatformStarted started) throws SchedulerException {
        scheduling.scheduleCron("async-republish", RepublishJob.class, "15/30 * * * * ?");
        scheduling.scheduleCron("async-queue-depth", DepthJob.class, "40 * * * * ?");
        consumers = new QueueConsumers(broker, "async", shardQueues(), Consumer::new);
        consumers.start();
    }

    @PreDestroy
    void stop() {
        if (consumers != null) {
            consumers.stop();
        }
    }

    /**
     * Hands each delivery to the worker; acknowledges only when the task's outcome is stored. An outage
     * puts the message back, in order; a task that fails on its own (or cannot be read) becomes a dead
     * letter after {@link DeadLetters#maxFailures} tries, so it never blocks its shard.
     */
    private final class Consumer extends DefaultConsumer {

        private final String queue;

        Consumer(Channel channel, String queue) {
            super(channel);
            this.queue = queue;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            SlowTask task;
            try {
                task = SlowTask.fromBytes(body);
            } catch (RuntimeException e) {
                if (deadLetters.unreadable(queue, properties.getMessageId(), body, String.valueOf(e.getMessage()))) {
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                } else {
                    pause(1000);
                    getChannel().basicNack(envelope.getDeliveryTag(), false, true);
                }
                return;
            }
            try {
                AsyncWorker.Outcome outcome = worker.process(task);
                if (outcome.retryAttempt() > 0) {
                    retryLater(task, outcome.retryAttempt());
                }
                deadLetters.succeeded(queue, task.taskId());
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            } catch (SQLException | IOException | RuntimeException e) {
                if (deadLetters.failed(queue, task.taskId(), body, e)) {
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                    return;
                }
                // the database or broker is unavailable, or a first failure: keep the message, in order
                LOG.log(Level.WARNING, "async task " + task.taskId() + " put back: " + e.getMessage());
                pause(1000);
                getChannel().basicNack(envelope.getDeliveryTag(), false, true);
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes tasks that were stored while the broker was down. */
    @Dependent
    @DisallowConcurrentExecution
    public static class RepublishJob implements Job {
        @Inject
        AsyncReplies replies;

        @Inject
        AsyncTasks tasks;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                for (SlowTask t : tasks.unpublished(Instant.now().minusSeconds(10), 500)) {
                    if (!replies.publish(t)) {
                        return;
                    }
                }
            } catch (SQLException e) {
                LOG.warning("async republish: " + e.getMessage());
            }
        }
    }

    /** Alerts when the async queues hold more than {@code WXP_ASYNC_DEPTH_ALERT} messages. */
    @Dependent
    @DisallowConcurrentExecution
    public static class DepthJob implements Job {
        @Inject
        AsyncReplies replies;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                long depth = replies.depth();
                long limit = Settings.getInt("WXP_ASYNC_DEPTH_ALERT", 1000);
                if (depth > limit) {
                    replies.alerts.raise(
                            "queue-depth", "async replies", depth + " tasks waiting (alert above " + limit + ")", 600);
                }
            } catch (IOException e) {
                LOG.warning("async queue depth not read: " + e.getMessage());
            }
        }
    }

    private List<String> shardQueues() {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            out.add(QUEUE_PREFIX + s);
        }
        return out;
    }

    /** Messages waiting in the async queues (delayed retries included). */
    public long depth() throws IOException {
        List<String> queues = shardQueues();
        for (int delay : DELAY_SECONDS) {
            queues.add(QUEUE_PREFIX + "delay." + delay + "s");
        }
        return broker.messageCount(queues);
    }
}
