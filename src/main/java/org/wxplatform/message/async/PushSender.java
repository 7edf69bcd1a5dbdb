package org.wxplatform.message.async;

/**
 * Sends one {@link Push} to a subscriber (the customer-service message API). Implemented where the
 * WeChat API client lives; the worker only needs to know whether a failure is worth retrying.
 */
public interface PushSender {

    void send(String appid, String openid, Push push) throws PushFailed;

    /**
     * A push that did not go out, or may have: {@code transientFailure} says whether trying again may
     * succeed, {@code mayHaveArrived} whether WeChat may have taken it anyway (the request went out and no
     * answer came back), so that trying again may deliver it twice.
     */
    class PushFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean transientFailure;
        private final boolean mayHaveArrived;

        public PushFailed(String message, boolean transientFailure, Throwable cause) {
            this(message, transientFailure, false, cause);
        }

        public PushFailed(String message, boolean transientFailure, boolean mayHaveArrived, Throwable cause) {
            super(message, cause);
            this.transientFailure = transientFailure;
            this.mayHaveArrived = mayHaveArrived;
        }

        public boolean transientFailure() {
            return transientFailure;
        }

        public boolean mayHaveArrived() {
            return mayHaveArrived;
        }
    }
}
