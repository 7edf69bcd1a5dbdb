package org.wxplatform.business.carrier;

/**
 * The carrier did not answer in time, refused the connection, answered HTTP 5xx or a {@code SYSTEM_BUSY}
 * fault. Whether a transaction was executed is then unknown: callers look it up by its serial
 * ({@link CarrierOrders#find}) before sending it again.
 */
public final class CarrierUnavailableException extends CarrierException {

    private static final long serialVersionUID = 1L;

    public CarrierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
