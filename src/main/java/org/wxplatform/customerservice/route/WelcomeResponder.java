package org.wxplatform.customerservice.route;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.wxplatform.customerservice.AutoReplyService;
import org.wxplatform.message.route.SubscribeResponder;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;

/** Answers a {@code subscribe} event with the account's welcome message, if the operator set one. */
@ApplicationScoped
public class WelcomeResponder implements SubscribeResponder {

    @Inject
    AutoReplyService autoReplies;

    @Override
    public Optional<Reply> welcome(String appid, InboundMessage.Subscribe subscribe) {
        return autoReplies.welcomeReply(appid);
    }
}
