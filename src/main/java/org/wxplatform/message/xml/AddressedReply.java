package org.wxplatform.message.xml;

import java.util.Objects;

/**
 * A reply with its envelope: addressed to the subscriber ({@code toUserName}) from the account
 * ({@code fromUserName}) at {@code createTime}. For {@link NoReply} there is no envelope and the three header
 * values are null/0.
 */
public record AddressedReply(String toUserName, String fromUserName, long createTime, Reply reply) {

    public AddressedReply {
        Objects.requireNonNull(reply, "reply");
        if (reply instanceof NoReply) {
            if (toUserName != null || fromUserName != null || createTime != 0) {
                throw new IllegalArgumentException("'success' has no envelope");
            }
        } else {
            Checks.nonBlank(toUserName, "toUserName");
            Checks.nonBlank(fromUserName, "fromUserName");
            Checks.createTime(createTime);
        }
    }

    /** The reply to {@code message}: addressed back to its sender, from the account it was sent to. */
    public static AddressedReply to(InboundMessage message, Reply reply, long createTime) {
        if (reply instanceof NoReply) {
            return new AddressedReply(null, null, 0, reply);
        }
        return new AddressedReply(message.fromUserName(), message.toUserName(), createTime, reply);
    }
}
