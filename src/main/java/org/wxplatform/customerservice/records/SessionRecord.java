package org.wxplatform.customerservice.records;

import java.time.Duration;
import java.time.Instant;

/**
 * One chat session as the records show it: who, which agent (the last one, after transfers), when it was
 * entered, taken and closed, and how many messages went each way.
 */
public record SessionRecord(
        long id,
        String appid,
        String openid,
        char state,
        String agent,
        Instant enteredAt,
        Instant takenAt,
        Instant closedAt,
        String closedBy,
        int messagesIn,
        int messagesOut,
        int transfers) {

    /** The wait in the queue (entered → first taken), null while nobody took it. */
    public Duration waited() {
        return takenAt == null ? null : Duration.between(enteredAt, takenAt);
    }

    /** The handling time (taken → closed), null unless both happened. */
    public Duration handled() {
        return takenAt == null || closedAt == null ? null : Duration.between(takenAt, closedAt);
    }
}
