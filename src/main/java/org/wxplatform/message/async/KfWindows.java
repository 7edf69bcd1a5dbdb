package org.wxplatform.message.async;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import org.wxplatform.message.InboundReceived;
import org.wxplatform.message.xml.InboundMessage;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What WeChat lets an account send one subscriber through the customer-service API: after the
 * subscriber's own message, {@value #AFTER_MESSAGE} messages within 48 hours; after a menu tap, a follow or
 * a scan, {@value #AFTER_EVENT} within a minute. More gets 45047 (out of response count limit), later
 * 45015 (response out of time limit). Each subscriber's two windows live in one Redis hash, opened by
 * every callback and used by sends that check first ({@link #reserve}); WeChat stays the judge, so a lost
 * hash costs a refused send, never a wrong delivery.
 */
@ApplicationScoped
public class KfWindows {

    static final int AFTER_MESSAGE = 5;
    static final int AFTER_EVENT = 3;
    static final long MESSAGE_WINDOW_MS = 48L * 3600 * 1000;
    static final long EVENT_WINDOW_MS = 60_000;

    private static final Logger LOG = Logger.getLogger(KfWindows.class.getName());

    // KEYS[1] the hash; ARGV now ms, windows and allowances. Answers 1 (event window used), 2 (message
    // window used), -45015 (no open window), -45047 (windows open, allowance used up)
    private static final String RESERVE =
            """
            local now = tonumber(ARGV[1])
            local w = redis.call('HMGET', KEYS[1], 'm', 'mu', 'e', 'eu')
            local m, mu, e, eu = tonumber(w[1] or '0'), tonumber(w[2] or '0'), tonumber(w[3] or '0'), tonumber(w[4] or '0')
            local mOpen = m > 0 and now - m < tonumber(ARGV[2])
            local eOpen = e > 0 and now - e < tonumber(ARGV[3])
            if eOpen and eu < tonumber(ARGV[5]) then redis.call('HINCRBY', KEYS[1], 'eu', 1) return 1 end
            if mOpen and mu < tonumber(ARGV[4]) then redis.call('HINCRBY', KEYS[1], 'mu', 1) return 2 end
            if mOpen or eOpen then return -45047 end
            return -45015
            """;

    @Inject
    JedisPool redis;

    private static final String PREFIX = "wxp:kfw:";

    /** How much a subscriber can still be sent, and until when. */
    public record Allowance(int remaining, Instant until, boolean open) {
        /** The answer WeChat would give to one more message now: 0, 45047 or 45015. */
        public int refusal() {
            return remaining > 0 ? 0 : open ? 45047 : 45015;
        }
    }

    // KEYS[1] the hash; ARGV field (m, e), the time it opened, the message's key, the hash's lifetime.
    // The same message opening its window again (the chat path opens it before the observer does)
    // changes nothing, so a message already sent in between stays counted
    private static final String OPEN =
            """
            if redis.call('HGET', KEYS[1], ARGV[1] .. 'k') == ARGV[3] then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[1] .. 'u', 0, ARGV[1] .. 'k', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """;

    /** Opens the windows a callback opens (inside the exactly-once section: once per message). */
    void opened(@Observes InboundReceived received) {
        open(received.appid(), received.message());
    }

    /**
     * Opens the window {@code m} opens, once per message: a message of the subscriber opens the 48-hour
     * window, a menu tap, follow or scan the one-minute window, anything else none.
     */
    public void open(String appid, InboundMessage m) {
        String field;
        if (m instanceof InboundMessage.UserMessage) {
            field = "m";
        } else if (m instanceof InboundMessage.Click
                || m instanceof InboundMessage.Subscribe
                || m instanceof InboundMessage.Scan) {
            field = "e";
        } else {
            return;
        }
        long at = Math.min(System.currentTimeMillis(), m.createTime() * 1000 + 1000);
        try (Jedis jedis = redis.getResource()) {
            jedis.eval(
                    OPEN,
                    List.of(key(appid, m.fromUserName())),
                    List.of(field, Long.toString(at), m.dedupeKey(), Long.toString(MESSAGE_WINDOW_MS + 3_600_000)));
        } catch (JedisException e) {
            LOG.warning("kf window of " + m.fromUserName() + " not recorded: " + e.getMessage());
        }
    }

    /**
     * Takes one message of the subscriber's allowance: 0 when it may be sent, else the errcode WeChat
     * would answer (45047, 45015). Redis unavailable: 0 (WeChat decides).
     */
    public int reserve(String appid, String openid) {
        try (Jedis jedis = redis.getResource()) {
            long r = (Long) jedis.eval(
                    RESERVE,
                    List.of(key(appid, openid)),
                    List.of(
                            Long.toString(System.currentTimeMillis()),
                            Long.toString(MESSAGE_WINDOW_MS),
                            Long.toString(EVENT_WINDOW_MS),
                            Integer.toString(AFTER_MESSAGE),
                            Integer.toString(AFTER_EVENT)));
            return r > 0 ? 0 : (int) -r;
        } catch (JedisException e) {
            LOG.warning("kf window of " + openid + " not read: " + e.getMessage());
            return 0;
        }
    }

    /** The subscriber's allowance now (for the agents' console). */
    public Allowance allowance(String appid, String openid) {
        long now = System.currentTimeMillis();
        List<String> w;
        try (Jedis jedis = redis.getResource()) {
            w = jedis.hmget(key(appid, openid), "m", "mu", "e", "eu");
        } catch (JedisException e) {
            return new Allowance(0, null, false);
        }
        long m = parse(w.get(0));
        long mu = parse(w.get(1));
        long e = parse(w.get(2));
        long eu = parse(w.get(3));
        boolean mOpen = m > 0 && now - m < MESSAGE_WINDOW_MS;
        boolean eOpen = e > 0 && now - e < EVENT_WINDOW_MS;
        int remaining =
                (int) ((mOpen ? Math.max(0, AFTER_MESSAGE - mu) : 0) + (eOpen ? Math.max(0, AFTER_EVENT - eu) : 0));
        Instant until = mOpen
                ? Instant.ofEpochMilli(m + MESSAGE_WINDOW_MS)
                : eOpen ? Instant.ofEpochMilli(e + EVENT_WINDOW_MS) : null;
        return new Allowance(remaining, until, mOpen || eOpen);
    }

    private static long parse(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String key(String appid, String openid) {
        return PREFIX + appid + ":" + openid;
    }
}
