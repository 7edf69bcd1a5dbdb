package org.wxplatform.customerservice.records;

import java.time.Instant;

/**
 * Which chat sessions a records lookup selects; a null member does not narrow it. {@code state} is the
 * stored code (W waiting, A with an agent, C closed), {@code from}..{@code until} (exclusive) the time the
 * subscriber entered the queue.
 */
public record SessionFilter(String appid, String agent, String openid, Character state, Instant from, Instant until) {

    public SessionFilter {
        if ((from == null) != (until == null)) {
            throw new IllegalArgumentException("from and until go together");
        }
        if (state != null && state != 'W' && state != 'A' && state != 'C') {
            throw new IllegalArgumentException("state: W, A or C");
        }
    }
}
