package org.wxplatform.sandbox.wechat.api;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
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
 * <p>The job runs on the container's managed scheduler of the node that accepted the send; a node that
 * dies in between loses that receipt (WeChat gives no guarantee either).
 */
@ApplicationScoped
public class TemplateReceipts {

    private static final Logger LOG = Logger.getLogger(TemplateReceipts.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    SandboxState state;

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
                () -> finish(account, defaultBase, openId, msgId, inboxEntry, outcome), delayMs, TimeUnit.MILLISECONDS);
    }

    void finish(
            SandboxAccount account,
            String defaultBase,
            String openId,
            long msgId,
            JsonObject inboxEntry,
            String outcome) {
        try {
            if (outcome.equals("success")) {
                state.deliver(account.appId(), openId, inboxEntry);
            }
            CallbackSimulator simulator =
                    CallbackSimulator.forCallbackUrl(defaultBase, account).withAnswerTimeout(Duration.ofSeconds(5));
            Delivery delivery =
                    simulator.send(simulator.messages().templateSendJobFinish(openId, Long.toString(msgId), outcome));
            if (!delivery.ok()) {
                LOG.warning("sandbox: TEMPLATESENDJOBFINISH of msgid " + msgId + " to " + simulator.endpoint()
                        + " was not accepted: " + delivery.problem());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sandbox: TEMPLATESENDJOBFINISH of msgid " + msgId + " failed", e);
        }
    }
}
