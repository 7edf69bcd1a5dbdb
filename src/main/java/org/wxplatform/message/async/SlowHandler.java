package org.wxplatform.message.async;

import java.util.List;

/**
 * Work too slow for WeChat's 5 s (carrier queries, transactions' follow-ups ...). A module implements
 * it as a CDI bean; a responder defers a message to it with {@link AsyncReplies#defer}; a worker runs it
 * from a durable queue and pushes what it returns to the subscriber as customer-service messages.
 *
 * <p>{@link #run} may be called again for the same task if its node dies before the result is stored,
 * so it must be a query or idempotent by {@link SlowTask#taskId()}. Once its result is stored it is never
 * called again for that task.
 */
public interface SlowHandler {

    /** The kind of task this handler runs: a stable name, e.g. {@code carrier.bill}. */
    String kind();

    /**
     * Runs the work; the pushes are sent in order.
     *
     * @throws RetryLater when the work should be tried again later (a dependency is down)
     */
    List<Push> run(SlowTask task) throws RetryLater;

    /** The work could not be done now and should be retried with back-off. */
    class RetryLater extends Exception {
        private static final long serialVersionUID = 1L;

        public RetryLater(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
