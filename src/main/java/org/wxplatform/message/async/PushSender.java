package org.wxplatform.message.async;

/**
 * Sends one {@link Push} to a subscriber (the customer-service message API). Implemented where the
 * WeChat API client lives; the worker only needs to know whether a failure is worth retrying.
 */
public interface PushSender {

    void send(String appid, String openid, Push push) throws PushFailed;

    /** A push that did not go out; {@code transientFailure} says whether trying again may succeed. */
    class PushFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean transientFailure;

        public PushFailed(String message, boolean transientFailure, Throwable cause) {
            super(message, cause);
            this.transientFailure = transientFailure;
        }

        public boolean transientFailure() {
            return transientFailure;
        }
    }
}
