package org.wxplatform.customerservice.records;

import java.time.Instant;

/**
 * One message of a session's transcript: {@code direction} I from the subscriber, O from an agent, N a
 * notice of the platform; {@code delivery} (for O) P pending, D delivered, U undeliverable, F failed.
 */
public record SessionMessage(
        long id,
        char direction,
        String msgType,
        String content,
        String mediaId,
        String agent,
        Instant createdAt,
        Character delivery,
        String error) {}
