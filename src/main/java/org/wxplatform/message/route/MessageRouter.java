package org.wxplatform.message.route;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.wxplatform.message.InboundReceived;
import org.wxplatform.message.dedupe.RepeatScreen;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;
import org.wxplatform.platform.config.Settings;

/**
 * Decides the reply to a verified callback (called once per message by the exactly-once section):
 * text → {@link TextResponder}s by priority, then the miss hint; subscribe → {@link SubscribeResponder};
 * CLICK → the {@link ClickHandler} claiming its key; everything else (VIEW, LOCATION, receipts, unknown
 * types) is recorded and answered {@code success}. Texts and clicks pass the repeated-request screen
 * first. Before all of them, the {@link HumanHandoff} takes what belongs to a chat with a human agent.
 */
@ApplicationScoped
public class MessageRouter {

    @Inject
    Instance<TextResponder> textResponders;

    @Inject
    Instance<ClickHandler> clickHandlers;

    @Inject
    Instance<SubscribeResponder> subscribeResponders;

    @Inject
    Instance<MissResponder> missResponders;

    @Inject
    Instance<HumanHandoff> humanHandoff;

    @Inject
    RepeatScreen repeatScreen;

    @Inject
    Event<InboundReceived> received;

    @Inject
    Event<TextMissed> missed;

    private List<TextResponder> texts;
    private List<ClickHandler> clicks;
    private final String defaultMissHint = Settings.get("WXP_MISS_HINT", "没有找到相关内容。回复「人工」联系人工客服。");

    @PostConstruct
    void init() {
        texts = textResponders.stream()
                .sorted(Comparator.comparingInt(TextResponder::priority))
                .toList();
        clicks = clickHandlers.stream().toList();
    }

    public Reply route(String appid, InboundMessage message) {
        if (humanHandoff.isResolvable()) {
            // a chat with an agent is not an action: its texts bypass the repeat screen and the responders
            Optional<Reply> handed = humanHandoff.get().intercept(appid, message);
            if (handed.isPresent()) {
                received.fire(new InboundReceived(appid, message, false));
                return handed.get();
            }
        }
        String screenAction = null;
        if (message instanceof InboundMessage.Text t) {
            screenAction = "text:" + t.content().strip();
        } else if (message instanceof InboundMessage.Click c) {
            screenAction = "click:" + c.eventKey();
        }
        boolean repeated = screenAction != null
                && repeatScreen.isRepeat(appid, message.fromUserName(), screenAction, message.dedupeKey());
        received.fire(new InboundReceived(appid, message, repeated));
        if (repeated) {
            return Reply.none();
        }
        if (message instanceof InboundMessage.Text t) {
            return text(appid, t);
        }
        if (message instanceof InboundMessage.Subscribe s) {
            return first(subscribeResponders.stream()
                    .map(r -> r.welcome(appid, s))
                    .flatMap(Optional::stream)
                    .findFirst());
        }
        if (message instanceof InboundMessage.Click c) {
            return first(clicks.stream()
                    .filter(h -> h.handles(c.eventKey()))
                    .findFirst()
                    .flatMap(h -> h.onClick(appid, c)));
        }
        return Reply.none();
    }

    private Reply text(String appid, InboundMessage.Text t) {
        for (TextResponder responder : texts) {
            Optional<Reply> reply = responder.reply(appid, t);
            if (reply.isPresent()) {
                return reply.get();
            }
        }
        try {
            missed.fire(new TextMissed(appid, t.fromUserName(), t.content(), t.createTime()));
        } catch (RuntimeException countLost) {
            // the count is for the daily figures; the subscriber still gets the hint
        }
        if (missResponders.isResolvable()) {
            return missResponders.get().miss(appid, t);
        }
        return new TextReply(defaultMissHint);
    }

    private static Reply first(Optional<Reply> reply) {
        return reply.orElseGet(Reply::none);
    }
}
