package org.wxplatform.customerservice.agent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.wxplatform.message.async.AsyncReplies;
import org.wxplatform.message.async.KfWindows;
import org.wxplatform.message.async.PushSettled;
import org.wxplatform.message.async.SlowTask;
import org.wxplatform.message.route.Prefetched;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The chats between subscribers and agents (SPEC §4.2): entering the queue, the subscriber's messages,
 * claims, answers, transfers and closes. The database is the truth of every chat; Redis holds a marker
 * per open session so that the router's question "is this subscriber talking to a human?" costs one
 * GET, and carries the rings of {@link ConsoleLive}.
 *
 * <p>Everything sent to a subscriber (answers and notices) is a {@code cs.send} task of the async push
 * path: stored first, ordered per subscriber, retried with back-off; each send first takes one message of
 * the subscriber's allowance ({@link KfWindows}), and a send WeChat would refuse is marked undeliverable
 * instead of being sent.
 */
@ApplicationScoped
public class AgentChats {

    static final String SEND_KIND = "cs.send";
    static final String MARKER = "wxp:cs:open:";
    private static final Logger LOG = Logger.getLogger(AgentChats.class.getName());

    final Set<String> humanWords = words("WXP_CS_HUMAN_WORDS", "人工,人工客服,转人工,找客服");
    final Set<String> exitWords = words("WXP_CS_EXIT_WORDS", "退出,结束,退出人工");
    final String menuKey = Settings.get("WXP_CS_MENU_KEY", "HUMAN_AGENT");

    static final String CLOSED_BY_AGENT = Settings.get("WXP_CS_CLOSED_TEXT", "本次人工服务已结束，感谢您的咨询。如需帮助可再次回复「人工」。");
    static final String CLOSED_IDLE = Settings.get("WXP_CS_IDLE_TEXT", "由于长时间没有收到您的消息，本次人工服务已结束。如需帮助可再次回复「人工」。");
    static final String BUSY = Settings.get("WXP_CS_BUSY_TEXT", "客服正忙，请直接留言，客服接入后会第一时间回复您。发送「退出」可返回自动服务。");

    @Inject
    AgentSessions sessions;

    @Inject
    ConsoleLive live;

    @Inject
    AsyncReplies async;

    @Inject
    KfWindows windows;

    @Inject
    JedisPool redis;

    @Inject
    Event<QuestionAsked> asked;

    // ---- the subscriber's side (called by ChatGate inside the callback's exactly-once section)

    boolean asksForHuman(InboundMessage m) {
        if (m instanceof InboundMessage.Text t) {
            return humanWords.contains(normal(t.content()));
        }
        return m instanceof InboundMessage.Click c && menuKey.equals(c.eventKey());
    }

    boolean asksToLeave(InboundMessage m) {
        return m instanceof InboundMessage.Text t && exitWords.contains(normal(t.content()));
    }

    /** The open session of a subscriber: the Redis marker, checked against the database when present. */
    Optional<AgentSessions.Chat> openSession(String appid, String openid) throws SQLException {
        String marker;
        String markerKey = markerKey(appid, openid);
        Optional<Optional<String>> prefetched = Prefetched.take(markerKey);
        if (prefetched.isPresent()) {
            marker = prefetched.get().orElse(null); // read in the callback's gate call
        } else {
            try (Jedis jedis = redis.getResource()) {
                marker = jedis.get(markerKey);
            } catch (JedisException e) {
                return sessions.open(appid, openid); // Redis away: the database answers
            }
        }
        if (marker == null) {
            return Optional.empty();
        }
        Optional<AgentSessions.Chat> chat = sessions.open(appid, openid);
        if (chat.isEmpty()) {
            unmark(appid, openid); // closed, the marker outlived it
        }
        return chat;
    }

    /** The key whose existence says the subscriber may have an open chat (the gate's first look). */
    static String markerKey(String appid, String openid) {
        return MARKER + appid + ":" + openid;
    }

    /** Puts the subscriber in the waiting queue (or finds them there); answers the session and who waits ahead. */
    Entered enter(String appid, String openid, Instant at) throws SQLException {
        AgentSessions.Chat chat = sessions.enter(appid, openid, at);
        mark(chat);
        if (chat.state() == 'W') {
            live.ring("queue", chat.id(), null);
        }
        return new Entered(chat, chat.state() == 'W' ? sessions.ahead(chat) : 0);
    }

    record Entered(AgentSessions.Chat chat, int ahead) {}

    /**
     * Stores a subscriber's message for the agents and rings the consoles; false when the session closed
     * in the meantime (the message then goes the usual way).
     */
    boolean received(AgentSessions.Chat chat, String appid, InboundMessage m) throws SQLException {
        String type;
        String content;
        String mediaId = null;
        if (m instanceof InboundMessage.Text t) {
            type = "text";
            content = t.content();
        } else if (m instanceof InboundMessage.Image i) {
            type = "image";
            content = i.picUrl();
            mediaId = i.mediaId();
        } else if (m instanceof InboundMessage.Voice v) {
            type = "voice";
            content = v.recognition() == null ? "[语音]" : v.recognition();
            mediaId = v.mediaId();
        } else if (m instanceof InboundMessage.Location l) {
            type = "location";
            content = "[位置] " + (l.label() == null ? l.x() + "," + l.y() : l.label());
        } else if (m instanceof InboundMessage.Link l) {
            type = "link";
            content = "[链接] " + l.title() + " " + l.url();
        } else if (m instanceof InboundMessage.Video || m instanceof InboundMessage.ShortVideo) {
            type = "video";
            content = "[视频]";
        } else {
            return true;
        }
        Instant at = Instant.ofEpochSecond(m.createTime());
        // the subscriber's allowance renews before an agent can see the message and answer it
        windows.open(appid, m);
        if (sessions.addInbound(chat.id(), appid + "/" + m.dedupeKey(), type, content, mediaId, at)) {
            live.ring("message", chat.id(), chat.agent());
            if (m instanceof InboundMessage.Text t) {
                try {
                    asked.fire(new QuestionAsked(appid, m.fromUserName(), t.content(), m.createTime()));
                } catch (RuntimeException e) {
                    LOG.warning("question not counted: " + e.getMessage());
                }
            }
            return true;
        }
        boolean stillOpen =
                sessions.find(chat.id()).map(AgentSessions.Chat::open).orElse(false);
        if (!stillOpen) {
            unmark(appid, m.fromUserName());
        }
        return stillOpen;
    }

    /** The subscriber left the chat (「退出」). */
    void left(AgentSessions.Chat chat, Instant at) throws SQLException {
        if (sessions.close(chat.id(), "user", null, at)) {
            unmark(chat.appid(), chat.openid());
            live.ring("session", chat.id(), chat.agent());
            live.ring("queue", chat.id(), null);
            offerTo(chat.agent());
        }
    }

    // ---- the agents' side

    /** Takes a chosen waiting subscriber (or the longest-waiting one when {@code sessionId} is null). */
    public Optional<AgentSessions.Chat> take(String agent, Long sessionId) throws SQLException, Refused {
        Instant now = Instant.now();
        Optional<AgentSessions.Chat> taken;
        if (sessionId == null) {
            taken = sessions.takeNext(agent, now);
            if (taken.isEmpty() && sessions.heldBy(agent).size() >= sessions.maxSessions(agent)) {
                throw new Refused(409, "you hold your maximum of " + sessions.maxSessions(agent) + " sessions");
            }
        } else {
            switch (sessions.take(agent, sessionId, now)) {
                case TAKEN -> taken = sessions.find(sessionId);
                case FULL -> throw new Refused(
                        409, "you hold your maximum of " + sessions.maxSessions(agent) + " sessions");
                default -> throw new Refused(409, "session " + sessionId + " is no longer waiting");
            }
        }
        if (taken.isPresent()) {
            AgentSessions.Chat chat = taken.get();
            sessions.addNote(
                    chat.id(),
                    'E',
                    "take/" + chat.id() + "/" + agent + "/" + now.toEpochMilli(),
                    agent + " 接入",
                    agent,
                    now);
            live.ring("session", chat.id(), agent);
            live.ring("queue", chat.id(), null);
        }
        return taken;
    }

    /** Stores an agent's answer and queues it for the subscriber; the same {@code clientId} twice sends once. */
    public long answer(String agent, long sessionId, String clientId, String text) throws SQLException, Refused {
        AgentSessions.Chat chat = held(agent, sessionId);
        Optional<Long> id =
                sessions.addAnswer(sessionId, agent, "answer/" + sessionId + "/" + clientId, text, Instant.now());
        if (id.isEmpty()) {
            throw new Refused(409, "session " + sessionId + " is not yours any more");
        }
        send(chat, id.get());
        live.ring("message", sessionId, agent);
        return id.get();
    }

    public void transfer(String agent, long sessionId, String to) throws SQLException, Refused {
        held(agent, sessionId);
        if (to == null || to.isBlank() || to.equals(agent)) {
            throw new Refused(400, "to: name another agent");
        }
        Instant now = Instant.now();
        switch (sessions.transfer(sessionId, agent, to, now)) {
            case TAKEN -> {
                sessions.addNote(
                        sessionId,
                        'E',
                        "transfer/" + sessionId + "/" + now.toEpochMilli(),
                        agent + " 转接给 " + to,
                        agent,
                        now);
                live.ring("session", sessionId, to);
                live.ring("session", sessionId, agent);
                offerTo(agent);
            }
            case FULL -> throw new Refused(409, to + " holds their maximum of sessions");
            case UNKNOWN -> throw new Refused(404, "to: " + to + " is no agent of the console");
            default -> throw new Refused(409, "session " + sessionId + " is not yours any more");
        }
    }

    public void close(String agent, long sessionId) throws SQLException, Refused {
        AgentSessions.Chat chat = held(agent, sessionId);
        Instant now = Instant.now();
        if (!sessions.close(sessionId, "agent", agent, now)) {
            throw new Refused(409, "session " + sessionId + " is not yours any more");
        }
        unmark(chat.appid(), chat.openid());
        notice(chat, "close", CLOSED_BY_AGENT, now);
        live.ring("session", sessionId, agent);
        offerTo(agent);
    }

    /** Closes an active session nobody spoke in since the idle limit (the sweeper); false if closed before. */
    boolean closeIdle(AgentSessions.Chat chat, Instant now) throws SQLException {
        if (!sessions.close(chat.id(), "idle", null, now)) {
            return false;
        }
        unmark(chat.appid(), chat.openid());
        notice(chat, "idle", CLOSED_IDLE, now);
        live.ring("session", chat.id(), chat.agent());
        offerTo(chat.agent());
        return true;
    }

    /** Tells a subscriber waiting too long that they may leave a message (once per session). */
    boolean tellBusy(AgentSessions.Chat chat, Instant now) throws SQLException {
        if (!sessions.markBusyTold(chat.id(), now)) {
            return false;
        }
        notice(chat, "busy", BUSY, now);
        live.ring("message", chat.id(), null);
        return true;
    }

    private AgentSessions.Chat held(String agent, long sessionId) throws SQLException, Refused {
        AgentSessions.Chat chat =
                sessions.find(sessionId).orElseThrow(() -> new Refused(404, "no session " + sessionId));
        if (chat.state() != 'A' || !agent.equals(chat.agent())) {
            throw new Refused(409, "session " + sessionId + " is not yours");
        }
        return chat;
    }

    /** Offers the longest-waiting subscriber to an agent whose slot just freed. */
    private void offerTo(String agent) throws SQLException {
        if (agent == null) {
            return;
        }
        Optional<AgentSessions.Chat> next = sessions.longestWaiting();
        if (next.isPresent()) {
            live.ring("offer", next.get().id(), agent);
        }
    }

    private void notice(AgentSessions.Chat chat, String why, String text, Instant at) throws SQLException {
        String key = "notice/" + chat.id() + "/" + why;
        sessions.addNote(chat.id(), 'N', key, text, null, at);
        Optional<Long> id = sessions.lineId(key);
        if (id.isPresent()) {
            send(chat, id.get());
        }
    }

    private void send(AgentSessions.Chat chat, long lineId) {
        async.enqueue(new SlowTask(
                taskId(chat.appid(), lineId), chat.appid(), chat.openid(), SEND_KIND, Long.toString(lineId)));
    }

    static String taskId(String appid, long lineId) {
        return appid + "/" + SEND_KIND + "/" + lineId;
    }

    /** Records the fate of an answer or notice when its task is settled, and rings the consoles. */
    void settled(@Observes PushSettled event) {
        if (!SEND_KIND.equals(event.task().kind())) {
            return;
        }
        try {
            long lineId = Long.parseLong(event.task().payload());
            char delivery = event.sent() ? 'D' : refusedByWeChat(event.error()) ? 'U' : 'F';
            if (sessions.settle(lineId, delivery, event.error())) {
                sessions.line(lineId).ifPresent(l -> live.ring("delivery", l.sessionId(), l.agent()));
            }
        } catch (SQLException | NumberFormatException e) {
            LOG.warning("delivery of " + event.task().taskId() + " not recorded (the sweeper will): " + e.getMessage());
        }
    }

    static boolean refusedByWeChat(String error) {
        return error != null && (error.contains("45015") || error.contains("45047"));
    }

    private void mark(AgentSessions.Chat chat) {
        try (Jedis jedis = redis.getResource()) {
            jedis.set(MARKER + chat.appid() + ":" + chat.openid(), Long.toString(chat.id()));
        } catch (JedisException e) {
            LOG.warning("chat marker of " + chat.openid() + " not set (the sweeper sets it): " + e.getMessage());
        }
    }

    void remark(List<AgentSessions.Chat> open) {
        try (Jedis jedis = redis.getResource()) {
            for (AgentSessions.Chat chat : open) {
                jedis.setnx(MARKER + chat.appid() + ":" + chat.openid(), Long.toString(chat.id()));
            }
        } catch (JedisException e) {
            LOG.fine("chat markers not restored: " + e.getMessage());
        }
    }

    private void unmark(String appid, String openid) {
        try (Jedis jedis = redis.getResource()) {
            jedis.del(MARKER + appid + ":" + openid);
        } catch (JedisException e) {
            LOG.warning("chat marker of " + openid + " not removed (checked against the database): " + e.getMessage());
        }
    }

    static String normal(String text) {
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC)
                .strip()
                .toLowerCase(Locale.ROOT);
    }

    private static Set<String> words(String setting, String defaults) {
        return Arrays.stream(Settings.get(setting, defaults).split(","))
                .map(AgentChats::normal)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** An agent's action that cannot be done: the HTTP status and why. */
    public static class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
