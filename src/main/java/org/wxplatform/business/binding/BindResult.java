package org.wxplatform.business.binding;

/**
 * What became of a step of binding. {@code phone} is the number concerned (null when there is none),
 * {@code attemptsLeft} the wrong codes still allowed ({@link Outcome#WRONG_CODE}), {@code detail} the
 * carrier's own words for {@link Outcome#REFUSED}.
 */
public record BindResult(Outcome outcome, String phone, int attemptsLeft, String detail) {

    /** Every way a step can end. */
    public enum Outcome {
        /** The carrier sent a code to the number. */
        CODE_SENT,
        /** The code was right: the number is bound. */
        BOUND,
        /** Not an 11-digit mobile number. */
        INVALID_NUMBER,
        /** Not a subscriber of this carrier. */
        UNKNOWN_NUMBER,
        /** A code was asked for too recently (carrier: within 60 s) or too often (the product: per hour). */
        TOO_FREQUENT,
        /** The code is not six digits. */
        INVALID_CODE_FORMAT,
        /** The code is not the one sent; more attempts are allowed. */
        WRONG_CODE,
        /** Too many wrong codes: the sent code is void, a new one must be asked for. */
        TOO_MANY_ATTEMPTS,
        /** No code was asked for, or it expired. */
        NO_PENDING_CODE,
        /** The subscriber is bound already (to {@code phone}). */
        ALREADY_BOUND,
        /** The carrier refused for another reason ({@code detail}). */
        REFUSED,
        /** The carrier or the product's state store did not answer; try again later. */
        UNAVAILABLE
    }

    static BindResult of(Outcome outcome, String phone) {
        return new BindResult(outcome, phone, 0, null);
    }

    public boolean success() {
        return outcome == Outcome.CODE_SENT || outcome == Outcome.BOUND;
    }
}
