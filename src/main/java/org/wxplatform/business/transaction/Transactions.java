package org.wxplatform.business.transaction;

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
import java.nio.charset.StandardCharsets;
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
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.alert.Alerts;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.rabbit.DeadLetters;
import org.wxplatform.platform.rabbit.QueueConsumers;
import org.wxplatform.platform.rabbit.RabbitBroker;
import org.wxplatform.platform.rabbit.RabbitTopology;
import org.wxplatform.platform.scheduler.Scheduling;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * Carrier transactions through RabbitMQ (SPEC §3.5, §3.6; seed 001 §4.3), never in a callback thread.
 *
 * <ul>
 *   <li>Intake: the request is stored ({@code biz_transaction}, unique per request key, so WeChat's
 *       retries and double taps store one) and published as a persistent, confirmed message carrying
 *       only its id; the subscriber is answered at once. A broker that is down leaves it stored (Q) for
 *       the republish job.
 *   <li>Queues: {@code WXP_TX_SHARDS} durable queues, a subscriber always on the same one, each with a
 *       single active consumer across the cluster and prefetch 1: one subscriber's transactions run in
 *       order, and a node that dies hands its queues to another node with the unacknowledged message.
 *   <li>Acknowledged only after {@link TransactionProcessor} stored the outcome (or the wait for the
 *       carrier); a redelivery finds the stored state and never sends a serial twice.
 *   <li>Back-pressure: the processor takes a token of the carrier's pace before each call; a job watches
 *       the queues' depth ({@code WXP_TX_DEPTH_ALERT}) and alerts operators.
 * </ul>
 */
@ApplicationScoped
public class Transactions implements TransactionIntake {

    static final String EXCHANGE = "wxp.tx";
    static final String QUEUE_PREFIX = "wxp.tx.";

    private static final Logger LOG = Logger.getLogger(Transactions.class.getName());

    @Inject
    TransactionStore store;

    @Inject
    TransactionProcessor processor;

    @Inject
    RabbitBroker broker;

    @Inject
    Alerts alerts;

    @Inject
    Scheduling scheduling;

    @Inject
    JedisPool redis;

    @Inject
    DeadLetters deadLetters;

    private final int shards = Math.max(1, Settings.getInt("WXP_TX_SHARDS", 8));
    private QueueConsumers consumers;

    @Override
    public String submit(TransactionRequest request) {
        Transaction t;
        try {
            t = store.insertQueued(request);
        } catch (SQLException e) {
            // nothing stored, nothing queued: the subscriber may simply try again
            LOG.warning("transaction request not stored: " + e.getMessage());
            return "系统繁忙，您的“" + request.title() + "”办理请求未能受理，请稍后再试。";
        }
        if (t.state() == 'Q') {
            publish(t);
        }
        return answer(t);
    }

    /** The immediate answer: accepted and in progress, said in the words the state calls for. */
    String answer(Transaction t) {
        String what = "“" + t.title() + "”（手机号 " + Transaction.maskedPhone(t.phone()) + "）";
        if (t.finished()) {
            return "您的" + what + "办理请求已处理" + (t.state() == 'D' ? "成功" : "完毕") + "，结果已通过消息通知您。";
        }
        if (carrierDown()) {
            return "已收到您的" + what + "办理请求。运营商业务系统暂时繁忙，请求已为您保存，恢复后将自动办理，结果将通过消息通知您。";
        }
        return "已收到您的" + what + "办理请求，正在为您办理，结果将通过消息通知您，请勿重复提交。";
    }

    private boolean carrierDown() {
        try (Jedis jedis = redis.getResource()) {
            return jedis.exists(TransactionProcessor.DOWN_KEY);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Publishes a stored transaction; on failure it stays in Q for the republish job. */
    boolean publish(Transaction t) {
        try {
            broker.publish(
                    EXCHANGE,
                    Integer.toString(shard(t.appid(), t.openid())),
                    RabbitBroker.persistent().messageId(Long.toString(t.id())).build(),
                    Long.toString(t.id()).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.warning("transaction " + t.id() + " kept for republishing: " + e.getMessage());
            alerts.raise("broker-down", "transactions", "transactions kept in the database: " + e.getMessage(), 600);
            return false;
        }
        try {
            store.markPublished(t.id());
        } catch (SQLException e) {
            // queued anyway; the republish job may queue it a second time, which the processor absorbs
            LOG.warning("transaction " + t.id() + " queued but not marked: " + e.getMessage());
        }
        return true;
    }

    /** Re-runs a failed transaction (SPEC §6.6): false unless it was failed. */
    public boolean redo(long id, String operator) throws SQLException {
        if (!store.redo(id, operator)) {
            return false;
        }
        store.find(id).ifPresent(this::publish);
        return true;
    }

    public java.util.Optional<Transaction> find(long id) throws SQLException {
        return store.find(id);
    }

    /** Newest first, ids below {@code beforeId}, at most {@code limit} (1..1001) of what the filter selects. */
    public List<Transaction> list(TransactionFilter filter, long beforeId, int limit) throws SQLException {
        return store.list(filter, beforeId, limit);
    }

    /** Streams what the filter selects newest first to {@code sink}, a page at a time. */
    public void each(TransactionFilter filter, java.util.function.Consumer<Transaction> sink) throws SQLException {
        long before = Long.MAX_VALUE;
        while (true) {
            List<Transaction> page = store.list(filter, before, 1000);
            page.forEach(sink);
            if (page.size() < 1000) {
                return;
            }
            before = page.get(page.size() - 1).id();
        }
    }

    /** What re-doing one transaction of a batch did; {@code state} is its state afterwards (null if missing). */
    public record RedoResult(long id, RedoOutcome outcome, Character state) {}

    public enum RedoOutcome {
        QUEUED,
        NOT_FAILED,
        MISSING
    }

    /**
     * Re-does each failed one of {@code ids} (SPEC §6.6); the others are left as they are. A transaction
     * named twice, or re-done by two operators at once, is re-done once: the F → Q step is conditional.
     */
    public List<RedoResult> redo(List<Long> ids, String operator) throws SQLException {
        List<RedoResult> out = new ArrayList<>(ids.size());
        for (long id : ids) {
            if (redo(id, operator)) {
                out.add(new RedoResult(id, RedoOutcome.QUEUED, 'P'));
                continue;
            }
            var now = store.find(id);
            out.add(
                    now.isEmpty()
                            ? new RedoResult(id, RedoOutcome.MISSING, null)
                            : new RedoResult(
                                    id, RedoOutcome.NOT_FAILED, now.get().state()));
        }
        return out;
    }

    /** How many failed transactions a filter matched, and how many of them this call re-did. */
    public record BatchRedo(int matched, int queued) {}

    /**
     * Re-does every failed transaction the filter selects, at most {@code max}: more than that and nothing
     * is re-done ({@link IllegalArgumentException}), so that a batch is never half done.
     */
    public BatchRedo redoFailed(TransactionFilter filter, int max, String operator) throws SQLException {
        TransactionFilter failed =
                new TransactionFilter('F', filter.appid(), filter.phone(), filter.from(), filter.until());
        List<Transaction> matched = store.list(failed, Long.MAX_VALUE, max + 1);
        if (matched.size() > max) {
            throw new IllegalArgumentException(
                    "filter: matches more than " + max + " failed transactions; narrow it with appid or day");
        }
        int queued = 0;
        for (Transaction t : matched) {
            if (redo(t.id(), operator)) {
                queued++;
            }
        }
        return new BatchRedo(matched.size(), queued);
    }

    int shard(String appid, String openid) {
        return Math.floorMod((appid + ":" + openid).hashCode(), shards);
    }

    /** Messages waiting in the transaction queues (all shards). */
    public long depth() throws IOException {
        return broker.messageCount(queues());
    }

    private List<String> queues() {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            out.add(QUEUE_PREFIX + s);
        }
        return out;
    }

    void declare(@Observes RabbitTopology topology) throws IOException {
        topology.durableExchange(EXCHANGE, "direct");
        for (int s = 0; s < shards; s++) {
            String queue = QUEUE_PREFIX + s;
            topology.durableQueue(queue, Map.of("x-single-active-consumer", true));
            topology.bind(queue, EXCHANGE, Integer.toString(s));
        }
    }

    void start(@Observes PlatformStarted started) throws SchedulerException {
        scheduling.scheduleCron("tx-republish", RepublishJob.class, "5/10 * * * * ?");
        scheduling.scheduleCron("tx-queue-depth", DepthJob.class, "50 * * * * ?");
        if (Settings.getInt("WXP_TX_CONSUMERS", 1) != 0) {
            consumers = new QueueConsumers(broker, "tx", queues(), Consumer::new);
            consumers.start();
        }
    }

    @PreDestroy
    void stop() {
        if (consumers != null) {
            consumers.stop();
        }
    }

    /**
     * Processes each delivery; acknowledges only once the outcome (or the wait) is stored. An outage puts
     * the message back, in order; a message that fails on its own (or cannot be read) becomes a dead
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
            long id;
            try {
                id = Long.parseLong(new String(body, StandardCharsets.US_ASCII).strip());
            } catch (NumberFormatException e) {
                if (deadLetters.unreadable(queue, properties.getMessageId(), body, "not a transaction id")) {
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                } else {
                    sleep(1000);
                    getChannel().basicNack(envelope.getDeliveryTag(), false, true);
                }
                return;
            }
            try {
                processor.process(id);
                deadLetters.succeeded(queue, Long.toString(id));
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            } catch (SQLException | RuntimeException e) {
                if (deadLetters.failed(queue, Long.toString(id), body, e)) {
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                    return;
                }
                // the database (or Redis) is unavailable, or a first failure: keep the message, in order
                LOG.log(Level.WARNING, "transaction " + id + " put back: " + e.getMessage());
                sleep(1000);
                getChannel().basicNack(envelope.getDeliveryTag(), false, true);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes what must run again: never-queued, due waiting, and finished-but-untold transactions. */
    @Dependent
    @DisallowConcurrentExecution
    public static class RepublishJob implements Job {
        @Inject
        Transactions transactions;

        @Inject
        TransactionStore store;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                for (long id : store.due(Instant.now().minusSeconds(10), 500)) {
                    var t = store.find(id);
                    if (t.isPresent() && !transactions.publish(t.get())) {
                        return;
                    }
                }
            } catch (SQLException e) {
                LOG.warning("transaction republish: " + e.getMessage());
            }
        }
    }

    /** Alerts when the transaction queues hold more than {@code WXP_TX_DEPTH_ALERT} messages. */
    @Dependent
    @DisallowConcurrentExecution
    public static class DepthJob implements Job {
        @Inject
        Transactions transactions;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                long depth = transactions.depth();
                long limit = Settings.getInt("WXP_TX_DEPTH_ALERT", 500);
                if (depth > limit) {
                    transactions.alerts.raise(
                            "tx-queue-depth",
                            "transactions",
                            depth + " transactions waiting for the carrier (alert above " + limit + ")",
                            600);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warning("transaction queue depth not read: " + e.getMessage());
            }
        }
    }
}
