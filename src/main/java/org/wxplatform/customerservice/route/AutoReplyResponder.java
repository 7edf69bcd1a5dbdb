package org.wxplatform.customerservice.route;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.wxplatform.customerservice.AutoReplyService;
import org.wxplatform.message.route.TextResponder;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;

/**
 * Plugs the keyword auto-reply into the router after the business keywords (priority {@value #PRIORITY}):
 * a text that no business handler claimed gets an operator-configured answer, or nothing (the router then
 * sends the miss hint).
 */
@ApplicationScoped
public class AutoReplyResponder implements TextResponder {

    public static final int PRIORITY = 1000;

    @Inject
    AutoReplyService autoReplies;

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<Reply> reply(String appid, InboundMessage.Text text) {
        return autoReplies.answer(appid, text.content());
    }
}
