package org.wxplatform.business.carrier;

/** A carrier call that did not give a result. */
public abstract sealed class CarrierException extends Exception permits CarrierFault, CarrierUnavailableException {

    private static final long serialVersionUID = 1L;

    protected CarrierException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether trying again later may succeed. */
    public abstract boolean transientFailure();
}
