package org.wxplatform.business.carrier;

/**
 * The carrier answered with a business fault: {@code code} is the carrier's fault code (for example
 * {@code INVALID_CODE}, {@code UNKNOWN_NUMBER}, {@code INSUFFICIENT_BALANCE}, {@code UNKNOWN_PRODUCT}),
 * the message is the carrier's text, fit to show to a subscriber. Retrying the same request fails the same.
 */
public final class CarrierFault extends CarrierException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public CarrierFault(String code, String message) {
        super(message, null);
        this.code = code;
    }

    public String code() {
        return code;
    }

    @Override
    public boolean transientFailure() {
        return false;
    }
}
