package org.wxplatform.customerservice.route;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.wxplatform.customerservice.AutoReplyService;
import org.wxplatform.message.route.MissResponder;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;

/**
 * A text that nothing answered gets the account's miss hint (SPEC §4.2), which points the subscriber to a
 * human agent.
 */
@ApplicationScoped
public class MissHintResponder implements MissResponder {

    @Inject
    AutoReplyService autoReplies;

    @Override
    public Reply miss(String appid, InboundMessage.Text text) {
        return new TextReply(autoReplies.missHint(appid));
    }
}
