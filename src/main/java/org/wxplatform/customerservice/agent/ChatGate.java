package org.wxplatform.customerservice.agent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.wxplatform.message.route.HumanHandoff;
import org.wxplatform.message.route.Prefetch;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;
import org.wxplatform.platform.config.Settings;

/**
 * The router's way to the agents: 「人工」 (or the menu's {@code WXP_CS_MENU_KEY}) enters the waiting
 * queue and tells the subscriber their place; while waiting or talking to an agent, the subscriber's
 * texts, images, voice and the like go to the agents (answered {@code success}: the agents answer); 「退出」
 * leaves. Events other than the menu's key go the usual way. A database failure fails the callback (WeChat
 * retries it), so no message meant for an agent reaches the auto-reply instead.
 */
@ApplicationScoped
public class ChatGate implements HumanHandoff, Prefetch {

    static final String QUEUED = Settings.get("WXP_CS_QUEUED_TEXT", "已为您转接人工客服，您前面还有 %d 位用户在等待，请稍候。发送「退出」可结束人工服务。");
    static final String NEXT = Settings.get("WXP_CS_NEXT_TEXT", "已为您转接人工客服，客服马上为您服务。发送「退出」可结束人工服务。");
    static final String STILL_QUEUED = Settings.get("WXP_CS_STILL_QUEUED_TEXT", "您正在排队，前面还有 %d 位用户，请稍候。");
    static final String LEFT = Settings.get("WXP_CS_LEFT_TEXT", "您已退出人工客服，欢迎随时再来。");

    @Inject
    AgentChats chats;

    /** The chat marker of the sender, read in the callback's gate call for what {@link #intercept} looks at. */
    @Override
    public String key(String appid, InboundMessage message) {
        return message instanceof InboundMessage.UserMessage || chats.asksForHuman(message)
                ? AgentChats.markerKey(appid, message.fromUserName())
                : null;
    }

    @Override
    public Optional<Reply> intercept(String appid, InboundMessage message) {
        boolean userMessage = message instanceof InboundMessage.UserMessage;
        boolean asks = chats.asksForHuman(message);
        if (!userMessage && !asks) {
            return Optional.empty();
        }
        try {
            Optional<AgentSessions.Chat> open = chats.openSession(appid, message.fromUserName());
            if (open.isEmpty()) {
                if (!asks) {
                    return Optional.empty();
                }
                AgentChats.Entered entered =
                        chats.enter(appid, message.fromUserName(), Instant.ofEpochSecond(message.createTime()));
                return Optional.of(new TextReply(entered.ahead() == 0 ? NEXT : String.format(QUEUED, entered.ahead())));
            }
            AgentSessions.Chat chat = open.get();
            if (chats.asksToLeave(message)) {
                chats.left(chat, Instant.now());
                return Optional.of(new TextReply(LEFT));
            }
            if (asks && chat.state() == 'W') {
                AgentChats.Entered entered = chats.enter(appid, message.fromUserName(), chat.enteredAt());
                return Optional.of(new TextReply(String.format(STILL_QUEUED, entered.ahead())));
            }
            if (!userMessage) {
                return Optional.of(Reply.none()); // the menu's key while already talking to an agent
            }
            return chats.received(chat, appid, message) ? Optional.of(Reply.none()) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("chat with the agents unavailable: " + e.getMessage(), e);
        }
    }
}
