package org.wxplatform.business.transaction;

import java.time.Instant;

/**
 * Which transactions a lookup selects; a null member does not narrow it. {@code state} is the stored code
 * (Q, P, S, W, D, F), {@code phone} the 11-digit number, {@code from}..{@code until} (exclusive) the time
 * of creation.
 */
public record TransactionFilter(Character state, String appid, String phone, Instant from, Instant until) {

    public TransactionFilter {
        if ((from == null) != (until == null)) {
            throw new IllegalArgumentException("from and until go together");
        }
    }

    public static TransactionFilter all() {
        return new TransactionFilter(null, null, null, null, null);
    }
}
