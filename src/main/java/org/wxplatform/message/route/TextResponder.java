package org.wxplatform.message.route;

import java.util.Optional;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;

/**
 * Answers a subscriber's text message. Modules plug in by implementing this as a CDI bean
 * ({@code @ApplicationScoped}); the router asks them in ascending {@link #priority()} and the first
 * non-empty answer wins (business keywords such as binding come before the keyword auto-reply). When
 * none answers, the router sends the account's hint about human service.
 *
 * <p>Called at most once per message (the router's exactly-once guarantee), inside WeChat's 5 s: an
 * implementation must answer in milliseconds and queue anything slow.
 */
public interface TextResponder {

    /** Lower runs first. Business keywords use 100-199, the keyword auto-reply 1000. */
    int priority();

    Optional<Reply> reply(String appid, InboundMessage.Text text);
}
