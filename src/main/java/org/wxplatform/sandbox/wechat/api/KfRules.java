package org.wxplatform.sandbox.wechat.api;

/**
 * WeChat's limits on customer-service messages ({@code /cgi-bin/message/custom/send}), as the sandbox
 * plays them: after a subscriber's message an account may send them at most {@link #MESSAGE_BUDGET}
 * messages within {@link #MESSAGE_WINDOW_MILLIS} (48 hours); after a menu tap (CLICK), a follow
 * (subscribe) or a scan (SCAN) at most {@link #EVENT_BUDGET} within {@link #EVENT_WINDOW_MILLIS} (a
 * minute). Each new interaction of the kind opens its window again with a full budget; a send takes from
 * the message window first, then from the event window. Past every window WeChat answers 45015
 * (response out of time limit); inside one whose budget is spent, 45047 (out of response count limit).
 *
 * <p>The sandbox knows a subscriber's interactions from its phone page and from {@code scripts/wechat-sim}
 * (which reports what it sent); the rule applies only to subscribers it saw interact, so tests that sign
 * callbacks themselves keep an unlimited sandbox. {@link SandboxConfig#kfRules()} switches it off per
 * account.
 */
public final class KfRules {

    public static final long MESSAGE_WINDOW_MILLIS = 48L * 3600 * 1000;
    public static final int MESSAGE_BUDGET = 5;
    public static final long EVENT_WINDOW_MILLIS = 60_000;
    public static final int EVENT_BUDGET = 3;

    /** What opened a window. */
    public enum Interaction {
        /** A text, image, voice, video, location or link from the subscriber. */
        MESSAGE,
        /** A menu tap (CLICK), a follow or a scan. */
        EVENT;

        /** The interaction of a callback's MsgType and Event, or null when it opens no window. */
        public static Interaction of(String msgType, String event) {
            if (msgType == null) {
                return null;
            }
            switch (msgType) {
                case "text":
                case "image":
                case "voice":
                case "video":
                case "shortvideo":
                case "location":
                case "link":
                    return MESSAGE;
                case "event":
                    if (event == null) {
                        return null;
                    }
                    switch (event) {
                        case "CLICK":
                        case "subscribe":
                        case "SCAN":
                        case "scancode_push":
                        case "scancode_waitmsg":
                            return EVENT;
                        default:
                            return null;
                    }
                default:
                    return null;
            }
        }
    }

    /** What a send may do. */
    public enum Verdict {
        /** The sandbox never saw the subscriber interact: no limit. */
        UNKNOWN_USER,
        ALLOWED,
        /** 45015. */
        OUT_OF_TIME,
        /** 45047. */
        OUT_OF_COUNT
    }

    /**
     * Atomically (one Lua script in Redis, so concurrent nodes never overspend) takes one message of the
     * budget. KEYS[1] the subscriber's hash (msgAt, msgSent, evAt, evSent); ARGV now, the windows and
     * budgets. Answers 0 unknown, 1 from the message window, 2 from the event window, -1 out of time, -2
     * out of count.
     */
    static final String TAKE = "local h = redis.call('HMGET', KEYS[1], 'msgAt', 'msgSent', 'evAt', 'evSent')\n"
            + "if not h[1] and not h[3] then return 0 end\n"
            + "local now = tonumber(ARGV[1])\n"
            + "local inTime = false\n"
            + "if h[1] and now - tonumber(h[1]) <= tonumber(ARGV[2]) then\n"
            + "  inTime = true\n"
            + "  if tonumber(h[2] or '0') < tonumber(ARGV[3]) then\n"
            + "    redis.call('HINCRBY', KEYS[1], 'msgSent', 1) return 1 end\n"
            + "end\n"
            + "if h[3] and now - tonumber(h[3]) <= tonumber(ARGV[4]) then\n"
            + "  inTime = true\n"
            + "  if tonumber(h[4] or '0') < tonumber(ARGV[5]) then\n"
            + "    redis.call('HINCRBY', KEYS[1], 'evSent', 1) return 2 end\n"
            + "end\n"
            + "if inTime then return -2 end\n"
            + "return -1\n";

    private KfRules() {}

    static Verdict verdict(long code) {
        if (code == 0) {
            return Verdict.UNKNOWN_USER;
        }
        if (code > 0) {
            return Verdict.ALLOWED;
        }
        return code == -1 ? Verdict.OUT_OF_TIME : Verdict.OUT_OF_COUNT;
    }

    /**
     * What is left of a subscriber's budget at {@code now}: messages that may still be sent and until when
     * (epoch millis, 0 when nothing is left), from the stored window starts and counts (null: never).
     */
    public record Budget(boolean known, int remaining, long until) {}

    static Budget budget(Long msgAt, int msgSent, Long evAt, int evSent, long now) {
        if (msgAt == null && evAt == null) {
            return new Budget(false, 0, 0);
        }
        int remaining = 0;
        long until = 0;
        if (msgAt != null && now - msgAt <= MESSAGE_WINDOW_MILLIS && msgSent < MESSAGE_BUDGET) {
            remaining += MESSAGE_BUDGET - msgSent;
            until = msgAt + MESSAGE_WINDOW_MILLIS;
        }
        if (evAt != null && now - evAt <= EVENT_WINDOW_MILLIS && evSent < EVENT_BUDGET) {
            remaining += EVENT_BUDGET - evSent;
            until = Math.max(until, evAt + EVENT_WINDOW_MILLIS);
        }
        return new Budget(true, remaining, until);
    }
}
