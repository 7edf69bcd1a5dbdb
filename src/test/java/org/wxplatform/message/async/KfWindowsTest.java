package org.wxplatform.message.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wxplatform.account.token.TestRedis;
import org.wxplatform.message.InboundReceived;
import org.wxplatform.message.xml.InboundMessage;
import redis.clients.jedis.JedisPool;

/** WeChat's customer-service allowance as the product keeps it, against a real Redis. */
class KfWindowsTest {

    static KfWindows windows(JedisPool pool) {
        KfWindows w = new KfWindows();
        w.redis = pool;
        return w;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void aSubscribersMessageAllowsFiveThenNothingUntilTheyWriteAgain() {
        try (JedisPool pool = TestRedis.pool(2)) {
            KfWindows w = windows(pool);
            String appid = TestRedis.newAppid();
            assertEquals(45015, w.reserve(appid, "oNever"), "never wrote: out of the time window");
            assertFalse(w.allowance(appid, "oNever").open());
            w.opened(new InboundReceived(appid, new InboundMessage.Text("gh_x", "oA", now(), "1001", "在吗"), false));
            assertEquals(5, w.allowance(appid, "oA").remaining());
            assertEquals(0, w.reserve(appid, "oA"));
            // the same message opening its window again (the chat path, then the observer) renews nothing
            w.open(appid, new InboundMessage.Text("gh_x", "oA", now(), "1001", "在吗"));
            assertEquals(4, w.allowance(appid, "oA").remaining());
            for (int i = 0; i < 4; i++) {
                assertEquals(0, w.reserve(appid, "oA"));
            }
            assertEquals(45047, w.reserve(appid, "oA"), "the sixth");
            KfWindows.Allowance none = w.allowance(appid, "oA");
            assertEquals(0, none.remaining());
            assertTrue(none.open());
            assertEquals(45047, none.refusal());
            // a repeated (screened) message still opens the window: WeChat counts it
            w.opened(new InboundReceived(appid, new InboundMessage.Text("gh_x", "oA", now(), "1002", "在吗"), true));
            assertEquals(0, w.reserve(appid, "oA"));
            assertEquals(4, w.allowance(appid, "oA").remaining());
        }
    }

    @Test
    void aMenuTapAllowsThreeWithinAMinuteBesidesTheMessageWindow() {
        try (JedisPool pool = TestRedis.pool(2)) {
            KfWindows w = windows(pool);
            String appid = TestRedis.newAppid();
            w.opened(new InboundReceived(appid, new InboundMessage.Click("gh_x", "oB", now(), "BILL"), false));
            assertEquals(3, w.allowance(appid, "oB").remaining());
            for (int i = 0; i < 3; i++) {
                assertEquals(0, w.reserve(appid, "oB"));
            }
            assertEquals(45047, w.reserve(appid, "oB"));
            // a VIEW (a link opened) opens nothing
            w.opened(new InboundReceived(
                    appid, new InboundMessage.View("gh_x", "oC", now(), "https://example.org/", null), false));
            assertEquals(45015, w.reserve(appid, "oC"));
        }
    }
}
