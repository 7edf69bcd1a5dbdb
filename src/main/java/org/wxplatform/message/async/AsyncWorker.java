package org.wxplatform.message.async;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wxplatform.platform.alert.Alerts;
import org.wxplatform.platform.config.Settings;

/**
 * Runs one delivery of a task: the work unless its result is stored, then the pushes not yet sent.
 * Called by the queue consumer; the consumer acknowledges the message when this returns.
 */
@ApplicationScoped
public class AsyncWorker {

    private static final Logger LOG = Logger.getLogger(AsyncWorker.class.getName());

    /**
     * What the consumer does next.
     *
     * @param retryAttempt 0 when the task is finished (sent or failed for good), else the attempt
     *     number whose back-off delay the retry waits
     */
    record Outcome(int retryAttempt) {
        static final Outcome DONE = new Outcome(0);
    }

    @Inject
    AsyncTasks tasks;

    @Inject
    Instance<SlowHandler> handlerBeans;

    @Inject
    Instance<PushSender> senders;

    @Inject
    Alerts alerts;

    @Inject
    Event<PushSettled> settled;

    private final int maxAttempts = Math.max(1, Settings.getInt("WXP_ASYNC_MAX_ATTEMPTS", 8));
    private final Map<String, SlowHandler> handlers = new HashMap<>();

    @PostConstruct
    void init() {
        for (SlowHandler h : handlerBeans) {
            SlowHandler clash = handlers.put(h.kind(), h);
            if (clash != null) {
                throw new IllegalStateException("two slow handlers for kind " + h.kind());
            }
        }
    }

    Outcome process(SlowTask delivered) throws SQLException {
        return process(delivered, true);
    }

    private Outcome process(SlowTask delivered, boolean first) throws SQLException {
        Optional<AsyncTasks.Row> found = tasks.find(delivered.taskId());
        if (found.isEmpty()) {
            tasks.insertQueued(delivered); // published by hand or the row was lost: adopt it
            found = tasks.find(delivered.taskId());
        }
        AsyncTasks.Row row = found.orElseThrow();
        SlowTask task = row.task();
        if (row.state() == 'S' || row.state() == 'F') {
            return Outcome.DONE; // a duplicate delivery of finished work
        }
        List<Push> pushes;
        int sent;
        boolean resending = false;
        if (row.state() == 'R') {
            pushes = Push.fromJson(row.result());
            sent = row.sent();
            // the node that started this push died before recording it: WeChat may hold it already, and
            // an answer twice is better than none; the operators are told which one
            resending = row.sending() != null && row.sending() == sent;
            if (resending) {
                resent(task, sent, "its sender died or had no answer before recording it");
            }
        } else {
            SlowHandler handler = handlers.get(task.kind());
            if (handler == null) {
                return fail(task, "no handler for kind " + task.kind());
            }
            try {
                pushes = handler.run(task);
            } catch (SlowHandler.RetryLater | RuntimeException e) {
                return retryOrFail(task, task.kind() + " failed: " + e.getMessage());
            }
            if (!tasks.storeResult(task.taskId(), Push.toJson(pushes))) {
                // another delivery of this task stored its result first: go on from what it recorded
                return first ? process(delivered, false) : retryOrFail(task, "result stored by another delivery");
            }
            sent = 0;
        }
        if (pushes.isEmpty()) {
            tasks.markSent(task.taskId(), 0, true);
            tell(new PushSettled(task, true, null));
            return Outcome.DONE;
        }
        if (senders.isUnsatisfied()) {
            return retryOrFail(task, "no push sender available");
        }
        PushSender sender = senders.get();
        for (int i = sent; i < pushes.size(); i++) {
            tasks.markSending(task.taskId(), i, resending && i == sent);
            PushSender.PushFailed failure = sendWithBackoff(sender, task, i, pushes.get(i));
            if (failure != null) {
                if (!failure.mayHaveArrived()) {
                    tasks.clearSending(task.taskId()); // nothing went out; a send that may have stays intended
                }
                return failure.transientFailure()
                        ? retryOrFail(task, "push failed: " + failure.getMessage())
                        : fail(task, "push refused: " + failure.getMessage());
            }
            tasks.markSent(task.taskId(), i + 1, i + 1 == pushes.size());
        }
        tell(new PushSettled(task, true, null));
        return Outcome.DONE;
    }

    /** Tells the observers; their failure never undoes the settled task. */
    private void tell(PushSettled event) {
        try {
            settled.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "observer of settled task " + event.task().taskId() + " failed", e);
        }
    }

    /**
     * Sends, retrying a transient failure in place a few times (the subscriber's order is kept). A retry
     * after a failure WeChat may have taken anyway (no answer to a request that went out) is counted and
     * told as a push sent again.
     */
    private PushSender.PushFailed sendWithBackoff(PushSender sender, SlowTask task, int index, Push push)
            throws SQLException {
        PushSender.PushFailed last = null;
        for (int attempt = 0; attempt <= AsyncReplies.IN_PLACE_BACKOFF_MS.length; attempt++) {
            if (attempt > 0) {
                AsyncReplies.pause(AsyncReplies.IN_PLACE_BACKOFF_MS[attempt - 1]);
                if (last.mayHaveArrived()) {
                    tasks.markSending(task.taskId(), index, true);
                    resent(task, index, "WeChat gave no answer to it (" + last.getMessage() + ")");
                }
            }
            try {
                sender.send(task.appid(), task.openid(), push);
                return null;
            } catch (PushSender.PushFailed e) {
                last = e;
                if (!e.transientFailure()) {
                    return e;
                }
            }
        }
        return last;
    }

    private void resent(SlowTask task, int index, String why) {
        LOG.warning("async task " + task.taskId() + ": push " + index + " is sent again, " + why
                + " (the subscriber may get it twice)");
        alerts.raise(
                "async-resent",
                task.appid() + "/" + task.taskId(),
                "push " + index + " to " + task.openid() + " sent again: " + why,
                3600);
    }

    private Outcome retryOrFail(SlowTask task, String error) throws SQLException {
        int attempts = tasks.countAttempt(task.taskId(), error);
        if (attempts >= maxAttempts) {
            return fail(task, error + " (after " + attempts + " attempts)");
        }
        LOG.info("async task " + task.taskId() + " retried later (attempt " + attempts + "): " + error);
        return new Outcome(attempts);
    }

    private Outcome fail(SlowTask task, String error) throws SQLException {
        tasks.markFailed(task.taskId(), error);
        tell(new PushSettled(task, false, error));
        alerts.raise("async-failed", task.appid() + "/" + task.kind(), task.taskId() + ": " + error, 300);
        return Outcome.DONE;
    }
}
