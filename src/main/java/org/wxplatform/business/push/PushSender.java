package org.wxplatform.business.push;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wxplatform.account.wechat.BusyException;
import org.wxplatform.account.wechat.RateLimitedException;
import org.wxplatform.account.wechat.TemplateFields;
import org.wxplatform.account.wechat.TemplateMessage;
import org.wxplatform.account.wechat.TokenInvalidException;
import org.wxplatform.account.wechat.UnreachableException;
import org.wxplatform.account.wechat.UserQuotaException;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.alert.Alerts;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.rabbit.QueueConsumers;
import org.wxplatform.platform.rabbit.RabbitBroker;
import org.wxplatform.platform.rabbit.RabbitTopology;
import org.wxplatform.platform.redis.TokenBucket;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;

/**
 * The sending of pushes. A push's targets go to the durable queue {@value #QUEUE} as batches of
 * {@code WXP_PUSH_BATCH} (100) seqs; {@code WXP_PUSH_CONSUMERS} (16) consumers a node, prefetch 1, manual
 * acknowledgement after the batch. For each pending target of a batch:
 *
 * <ol>
 *   <li>the intent is recorded and the target claimed (P → I in one UPDATE: a batch delivered twice, or
 *       to two nodes, sends nothing twice);
 *   <li>a token of the account's bucket in Redis is taken ({@link TokenBucket}, the rate of the push
 *       capped by {@code WXP_TEMPLATE_RATE}, shared by every node and every push of the account);
 *   <li>the message is checked against WeChat's field rules (a value WeChat would answer 47003 fails here)
 *       and sent; the answer is recorded: S with the msgid, F with the errcode, or back to P.
 * </ol>
 *
 * WeChat's 45009 (daily quota) and 45047 pause the push and alert the operators, so the rest of the list is
 * not burnt; -1 (busy), HTTP 5xx and an unreachable WeChat are retried with a doubling back-off (seed 004:
 * keep the message and push again) up to {@code WXP_PUSH_MAX_ATTEMPTS} (4) attempts, then failed with the
 * errcode. A send with no answer at all (timeout) stays in doubt (I): {@link PushJobs} resolves it by its
 * receipt or, when none came within {@code WXP_PUSH_INDOUBT_SECONDS}, sends it again and counts that.
 */
@ApplicationScoped
public class PushSender {

    static final String QUEUE = "wxp.push.batches";
    private static final Logger LOG = Logger.getLogger(PushSender.class.getName());

    @Inject
    PushStore store;

    @Inject
    WeChatClient wechat;

    @Inject
    RabbitBroker broker;

    @Inject
    JedisPool redis;

    @Inject
    Alerts alerts;

    @Inject
    Pushes pushes;

    final int batch = Math.max(1, Settings.getInt("WXP_PUSH_BATCH", 100));
    final int consumerCount = Math.max(0, Settings.getInt("WXP_PUSH_CONSUMERS", 16));
    final int maxAttempts = Math.max(1, Settings.getInt("WXP_PUSH_MAX_ATTEMPTS", 4));
    final long backOffMillis = Math.max(1, Settings.getInt("WXP_PUSH_RETRY_BASE_MS", 1000));

    private QueueConsumers consumers;
    /** Pushes' rows as last read, for at most a second, so a pause is seen within a second. */
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(PushStore.Row row, long readAt) {}

    void declare(@Observes RabbitTopology topology) throws IOException {
        topology.durableQueue(QUEUE, Map.of());
    }

    void start(@Observes PlatformStarted started) {
        if (consumerCount > 0) {
            consumers = new QueueConsumers(broker, "push", Collections.nCopies(consumerCount, QUEUE), Consumer::new);
            consumers.start();
        }
    }

    @PreDestroy
    void stop() {
        if (consumers != null) {
            consumers.stop();
        }
    }

    /** Publishes a batch for every slice of the push that holds pending targets; answers how many. */
    int publishPending(long id) throws SQLException {
        int n = 0;
        for (int[] range : store.pendingRanges(id, batch)) {
            try {
                broker.publish(
                        "",
                        QUEUE,
                        RabbitBroker.persistent().build(),
                        (id + ":" + range[0] + ":" + range[1]).getBytes(StandardCharsets.US_ASCII));
                n++;
            } catch (IOException e) {
                // the pump publishes again what is still pending once the broker is back
                LOG.warning("push " + id + ": batches not published (" + e.getMessage() + "), the pump retries");
                return n;
            }
        }
        progressed(id);
        return n;
    }

    void forget(long id) {
        cache.remove(id);
    }

    private PushStore.Row row(long id) throws SQLException {
        Cached c = cache.get(id);
        long now = System.currentTimeMillis();
        if (c == null || now - c.readAt() > 1000) {
            PushStore.Row row = store.find(id);
            if (row == null) {
                return null;
            }
            c = new Cached(row, now);
            cache.put(id, c);
        }
        return c.row();
    }

    private final class Consumer extends DefaultConsumer {
        Consumer(Channel channel, String queue) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            String[] parts = new String(body, StandardCharsets.US_ASCII).strip().split(":");
            long id;
            int from;
            int to;
            try {
                id = Long.parseLong(parts[0]);
                from = Integer.parseInt(parts[1]);
                to = Integer.parseInt(parts[2]);
            } catch (RuntimeException e) {
                LOG.warning("push batch dropped, not pushId:from:to: " + new String(body, StandardCharsets.US_ASCII));
                getChannel().basicAck(envelope.getDeliveryTag(), false);
                return;
            }
            try {
                sendBatch(id, from, to);
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "push " + id + " batch " + from + "-" + to + " put back: " + e.getMessage());
                sleep(1000);
                getChannel().basicNack(envelope.getDeliveryTag(), false, true);
            }
        }
    }

    /** Sends the pending targets of one batch while the push runs. */
    void sendBatch(long id, int from, int to) throws SQLException {
        PushStore.Row row = row(id);
        if (row == null || row.state() != 'R') {
            return; // paused: resume publishes again; cancelled or finished: nothing to do
        }
        Map<String, String> data = Pushes.map(row.dataJson());
        for (PushStore.Target t : store.targets(id, from, to)) {
            if (t.state() != 'P') {
                continue;
            }
            row = row(id);
            if (row == null || row.state() != 'R') {
                return;
            }
            if (!PushStore.retried(() -> store.claim(id, t.seq()))) {
                continue;
            }
            if (!sendOne(row, data, t)) {
                return;
            }
        }
        finishIfSettled(id);
    }

    /** Sends one claimed target; false when the push must stop (quota). */
    private boolean sendOne(PushStore.Row row, Map<String, String> data, PushStore.Target t) throws SQLException {
        long id = row.id();
        TemplateMessage message;
        try {
            message = message(row, data, t);
        } catch (IllegalArgumentException e) {
            PushStore.retried(() -> {
                store.failed(id, t.seq(), 47003, "refused before sending: " + e.getMessage());
                return null;
            });
            return true;
        }
        while (true) {
            pace(row);
            try {
                long msgid = wechat.sendTemplatePaced(row.appid(), message);
                PushStore.retried(() -> {
                    store.sent(id, t.seq(), msgid);
                    return null;
                });
                progressed(id);
                return true;
            } catch (RateLimitedException | UserQuotaException e) {
                PushStore.retried(() -> {
                    store.release(id, t.seq(), false);
                    return null;
                });
                String why = "WeChat's quota of template messages is used up (" + e.errcode() + " " + e.errmsg()
                        + "): resume once it is renewed";
                if (pushes.pauseForQuota(id, why)) {
                    alerts.raise("push-quota", row.appid(), "push " + id + " paused: " + why, 600);
                }
                return false;
            } catch (UnreachableException e) {
                if (e.mayHaveArrived()) {
                    // WeChat may have taken it: in doubt, resolved by its receipt (PushJobs)
                    LOG.info("push " + id + " target " + t.seq() + " in doubt: " + e.errmsg());
                    return true;
                }
                if (!retry(id, t, e)) {
                    return true;
                }
            } catch (BusyException | TokenInvalidException e) {
                if (!retry(id, t, e)) {
                    return true;
                }
            } catch (WeChatApiException e) {
                PushStore.retried(() -> {
                    store.failed(
                            id, t.seq(), e.errcode() == WeChatApiException.NO_ERRCODE ? -2 : e.errcode(), e.errmsg());
                    return null;
                });
                progressed(id);
                return true;
            }
        }
    }

    /** Waits the back-off of a transient failure; false when the attempts are spent (then failed). */
    private boolean retry(long id, PushStore.Target t, WeChatApiException e) throws SQLException {
        int attempts = store.attempts(id, t.seq());
        if (attempts >= maxAttempts) {
            PushStore.retried(() -> {
                store.failed(
                        id,
                        t.seq(),
                        e.errcode() == WeChatApiException.NO_ERRCODE ? -2 : e.errcode(),
                        "after " + attempts + " attempts: " + e.errmsg());
                return null;
            });
            progressed(id);
            return false;
        }
        sleep(backOffMillis << Math.min(10, attempts - 1));
        PushStore.retried(() -> {
            store.release(id, t.seq(), true);
            return null;
        });
        if (!PushStore.retried(() -> store.claim(id, t.seq()))) {
            return false;
        }
        return true;
    }

    static TemplateMessage message(PushStore.Row row, Map<String, String> data, PushStore.Target t) {
        Map<String, String> values = new LinkedHashMap<>(data);
        values.putAll(Pushes.map(t.fieldsJson()));
        Map<String, TemplateMessage.Value> fields = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            TemplateFields.check(k, v);
            fields.put(k, TemplateMessage.Value.of(v));
        });
        return new TemplateMessage(
                t.openid(),
                row.templateId(),
                row.url(),
                row.mpAppid() == null ? null : new TemplateMessage.MiniProgram(row.mpAppid(), row.mpPagepath()),
                fields);
    }

    /** Takes a token of the account's bucket, waiting as long as it takes. */
    private void pace(PushStore.Row row) {
        double rate = Math.min(row.rate(), Pushes.maxRate());
        int burst = Math.max(1, (int) (rate / 20));
        while (true) {
            long wait;
            try (Jedis jedis = redis.getResource()) {
                wait = TokenBucket.take(
                        jedis, "wxp:push:bucket:" + row.appid(), "wxp:push:hold:" + row.appid(), rate, burst);
            }
            if (wait == 0) {
                return;
            }
            sleep(Math.min(1000, Math.abs(wait)));
        }
    }

    /** One more settled send of the push this second (the page's rate) and the pump's sign of life. */
    void progressed(long id) {
        long second = System.currentTimeMillis() / 1000;
        try (Jedis jedis = redis.getResource()) {
            Pipeline p = jedis.pipelined();
            p.hincrBy("wxp:push:rate:" + id, Long.toString(second), 1);
            p.expire("wxp:push:rate:" + id, 120);
            p.psetex("wxp:push:alive:" + id, 30_000, "1");
            p.sync();
        } catch (RuntimeException e) {
            // figures for the page only
        }
    }

    /** Whether the push settled a target in the last 30 s. */
    boolean alive(long id) {
        try (Jedis jedis = redis.getResource()) {
            return jedis.exists("wxp:push:alive:" + id);
        }
    }

    /** Sends a second over the last 10 full seconds. */
    double currentRate(long id) {
        long now = System.currentTimeMillis() / 1000;
        List<String> fields = new ArrayList<>();
        for (long s = now - 10; s < now; s++) {
            fields.add(Long.toString(s));
        }
        try (Jedis jedis = redis.getResource()) {
            long sum = 0;
            for (String v : jedis.hmget("wxp:push:rate:" + id, fields.toArray(new String[0]))) {
                sum += v == null ? 0 : Long.parseLong(v);
            }
            return sum / 10.0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    void finishIfSettled(long id) throws SQLException {
        if (store.finishIfSettled(id)) {
            forget(id);
            LOG.info("push " + id + " finished");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
