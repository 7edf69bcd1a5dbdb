package org.wxplatform.sandbox.wechat.api;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;
import org.wxplatform.sandbox.wechat.SandboxAccount;

/**
 * What happens after a template message was accepted: after the account's configured delay, the message
 * reaches the user's inbox (when the outcome is {@code success}) and WeChat's {@code TEMPLATESENDJOBFINISH}
 * event with the configured {@code Status} is posted to the account's callback URL, signed and (in
 * compatible/safe mode) encrypted by the {@link CallbackSimulator}, with WeChat's retries.
 *
 * <p>With {@link SandboxConfig#templateReceiptsHeld} the receipts are kept in Redis instead and {@link
 * #release} posts them all at once, many in parallel: the flood WeChat sends after a large push.
 *
 * <p>The job runs on the container's managed scheduler of the node that accepted the send; a node that
 * dies in between loses that receipt (WeChat gives no guarantee either).
 */
@ApplicationScoped
public class TemplateReceipts {

    private static final Logger LOG = Logger.getLogger(TemplateReceipts.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService executor;

    @Inject
    SandboxState state;

    @Inject
    org.wxplatform.sandbox.wechat.web.SandboxAccounts accounts;

    /** Keeps the delivery and the receipt of template message {@code msgId} for {@link #release}. */
    public void hold(String appId, String openId, long msgId, JsonObject inboxEntry, String outcome) {
        state.holdReceipt(
                appId,
                Json.createObjectBuilder()
                        .add("openid", openId)
                        .add("msgid", msgId)
                        .add("status", outcome)
                        .add("entry", inboxEntry)
                        .build()
                        .toString());
    }

    /**
     * Posts every held receipt of the account now, {@code parallel} at a time; answers how many were
     * posted and how many the product accepted.
     */
    public int[] release(String appId, String defaultBase, int parallel) throws InterruptedException {
        SandboxAccount account = accounts.find(appId).orElseThrow().account();
        List<String> held = state.takeHeldReceipts(appId);
        Semaphore slots = new Semaphore(Math.max(1, parallel));
        List<Future<Boolean>> posted = new ArrayList<>();
        CallbackSimulator simulator = simulator(defaultBase, account);
        for (String json : held) {
            JsonObject r = Json.createReader(new StringReader(json)).readObject();
            slots.acquire();
            posted.add(executor.submit(() -> {
                try {
                    return finish(
                            account,
                            simulator,
                            r.getString("openid"),
                            r.getJsonNumber("msgid").longValue(),
                            r.getJsonObject("entry"),
                            r.getString("status"));
                } finally {
                    slots.release();
                }
            }));
        }
        int accepted = 0;
        for (Future<Boolean> f : posted) {
            try {
                accepted += f.get() ? 1 : 0;
            } catch (ExecutionException e) {
                LOG.log(Level.WARNING, "sandbox: a released receipt failed", e.getCause());
            }
        }
        return new int[] {held.size(), accepted};
    }

    /** One simulator (one HTTP client) per account and base, not one per receipt: a push sends hundreds a second. */
    private final java.util.concurrent.ConcurrentHashMap<List<Object>, CallbackSimulator> simulators =
            new java.util.concurrent.ConcurrentHashMap<>();

    private CallbackSimulator simulator(String defaultBase, SandboxAccount account) {
        if (simulators.size() > 256) {
            simulators.clear();
        }
        return simulators.computeIfAbsent(
                List.of(defaultBase, account), // the whole record: a changed token or key makes a new one
                k -> CallbackSimulator.forCallbackUrl(defaultBase, account).withAnswerTimeout(Duration.ofSeconds(5)));
    }

    /** Schedules the delivery and the receipt of template message {@code msgId}. */
    public void schedule(
            SandboxAccount account,
            String defaultBase,
            String openId,
            long msgId,
            JsonObject inboxEntry,
            String outcome,
            int delayMs) {
        scheduler.schedule(
                () -> finish(account, simulator(defaultBase, account), openId, msgId, inboxEntry, outcome),
                delayMs,
                TimeUnit.MILLISECONDS);
    }

    boolean finish(
            SandboxAccount account,
            CallbackSimulator simulator,
            String openId,
            long msgId,
            JsonObject inboxEntry,
            String outcome) {
        try {
            if (outcome.equals("success")) {
                state.deliver(account.appId(), openId, inboxEntry);
            }
            Delivery delivery =
                    simulator.send(simulator.messages().templateSendJobFinish(openId, Long.toString(msgId), outcome));
            if (!delivery.ok()) {
                LOG.warning("sandbox: TEMPLATESENDJOBFINISH of msgid " + msgId + " to " + simulator.endpoint()
                        + " was not accepted: " + delivery.problem());
            }
            return delivery.ok();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sandbox: TEMPLATESENDJOBFINISH of msgid " + msgId + " failed", e);
            return false;
        }
    }
}
