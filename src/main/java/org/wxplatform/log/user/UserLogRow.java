package org.wxplatform.log.user;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.wxplatform.message.InboundReceived;
import org.wxplatform.message.xml.InboundMessage;

/**
 * One user-log row as it is written (SPEC §7.1), with the menu click it counts if it is one: what the
 * write-behind stream carries from the callback to the batch writer.
 *
 * @param createdAt the message's CreateTime, in seconds
 * @param click the menu click counted with the row (only when the row is new), or null
 */
record UserLogRow(
        String appid,
        String openid,
        String kind,
        String type,
        String msgKey,
        String content,
        long createdAt,
        MenuClicks.Click click) {

    /** The row of a received message. */
    static UserLogRow of(InboundReceived received) {
        InboundMessage m = received.message();
        Optional<MenuClicks.Click> click = MenuClicks.of(m);
        return new UserLogRow(
                received.appid(),
                m.fromUserName(),
                m instanceof InboundMessage.Event ? "event" : "message",
                UserLog.type(m) + (received.repeated() ? ":repeat" : ""),
                m.dedupeKey(),
                Contents.of(m),
                m.createTime(),
                click.orElse(null));
    }

    Instant at() {
        return Instant.ofEpochSecond(createdAt);
    }

    int year() {
        return at().atZone(UserLog.ZONE).getYear();
    }

    /** The fields of a stream entry. */
    Map<String, String> fields() {
        Map<String, String> f = new HashMap<>(16);
        f.put("a", appid);
        f.put("o", openid);
        f.put("k", kind);
        f.put("t", type);
        f.put("m", msgKey);
        f.put("c", content == null ? "" : content);
        f.put("n", content == null ? "1" : "0");
        f.put("at", Long.toString(createdAt));
        if (click != null) {
            f.put("ce", click.event());
            f.put("ck", click.key());
        }
        return f;
    }

    /**
     * The row of a stream entry's fields.
     *
     * @throws IllegalArgumentException for fields no {@link #fields()} made
     */
    static UserLogRow fromFields(Map<String, String> f) {
        String appid = f.get("a");
        String openid = f.get("o");
        String kind = f.get("k");
        String type = f.get("t");
        String msgKey = f.get("m");
        String at = f.get("at");
        if (appid == null || openid == null || kind == null || type == null || msgKey == null || at == null) {
            throw new IllegalArgumentException("not a user-log entry: " + f.keySet());
        }
        long createdAt;
        try {
            createdAt = Long.parseLong(at);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a user-log time: " + at, e);
        }
        String content = "1".equals(f.get("n")) ? null : f.getOrDefault("c", "");
        String event = f.get("ce");
        MenuClicks.Click click = event == null ? null : new MenuClicks.Click(event, f.getOrDefault("ck", ""));
        return new UserLogRow(appid, openid, kind, type, msgKey, content, createdAt, click);
    }
}
