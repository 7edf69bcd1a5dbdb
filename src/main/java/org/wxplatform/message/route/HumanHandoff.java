package org.wxplatform.message.route;

import java.util.Optional;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;

/**
 * The way to a human agent (SPEC §4.2), asked before any responder: a subscriber in a chat session with
 * the agents talks to them, not to the auto-reply, and a subscriber who asks for a human enters the
 * waiting queue. Implemented by the customer-service module; called once per message inside the
 * exactly-once section.
 */
public interface HumanHandoff {

    /**
     * The reply when the message belongs to the agents (stored for them, or the start or end of a chat),
     * empty when the router goes on as usual.
     */
    Optional<Reply> intercept(String appid, InboundMessage message);
}
