package org.wxplatform.message.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wxplatform.TestRedis;
import org.wxplatform.platform.NodeHeartbeat;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * Exactly-once per message key against a real Redis ({@code WXP_TEST_REDIS_URL}, default db 1; skipped
 * when none answers), including a claim left by a node that was killed mid-work.
 */
class MessageReceiptsTest {

    private static JedisPool pool;
    private final String appid = "wxtest" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void redis() {
        pool = TestRedis.openOrSkip();
    }

    @AfterAll
    static void close() {
        if (pool != null) {
            pool.close();
        }
    }

    /** A live node: its heartbeat key is there (as NodeHeartbeat keeps it). */
    private static MessageReceipts node(String instance) {
        try (Jedis jedis = pool.getResource()) {
            jedis.psetex(NodeHeartbeat.PREFIX + instance, 10_000, "1");
        }
        MessageReceipts r = new MessageReceipts();
        r.jedisPool = pool;
        r.self = instance;
        r.repeatScreen = RepeatScreenTest.screen(pool);
        return r;
    }

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private void claimAs(String key, String instance) {
        try (Jedis jedis = pool.getResource()) {
            jedis.setex("wxp:msg:" + appid + ":" + key, 30, "P" + instance);
        }
    }

    @Test
    void everyDeliveryGetsTheReplyOfTheFirstAndTheWorkRunsOnce() {
        MessageReceipts a = node("a/1");
        AtomicInteger runs = new AtomicInteger();
        var first = a.process(appid, "m1", () -> "reply-" + runs.incrementAndGet(), in(1000));
        var again = node("b/2").process(appid, "m1", () -> "reply-" + runs.incrementAndGet(), in(1000));
        assertEquals("reply-1", first.reply());
        assertTrue(first.executedHere());
        assertEquals("reply-1", again.reply());
        assertFalse(again.executedHere());
        assertEquals(1, runs.get());
    }

    @Test
    void aClaimOfAKilledNodeIsTakenOverAndTheMessageIsHandled() {
        claimAs("m2", "killed/dead0001"); // its heartbeat key does not exist: the node is gone
        AtomicInteger runs = new AtomicInteger();
        var retry = node("b/2").process(appid, "m2", () -> "handled-" + runs.incrementAndGet(), in(1000));
        assertEquals("handled-1", retry.reply());
        assertTrue(retry.executedHere());
        var later = node("c/3").process(appid, "m2", () -> "again-" + runs.incrementAndGet(), in(1000));
        assertEquals("handled-1", later.reply(), "later retries get the reply of the take-over");
        assertEquals(1, runs.get());
    }

    @Test
    void aClaimOfALiveNodeIsWaitedForNotTakenOver() {
        String live = "busy/" + UUID.randomUUID().toString().substring(0, 8);
        try (Jedis jedis = pool.getResource()) {
            jedis.psetex(NodeHeartbeat.PREFIX + live, 5000, "1");
        }
        claimAs("m3", live);
        AtomicInteger runs = new AtomicInteger();
        long t0 = System.nanoTime();
        var retry = node("b/2").process(appid, "m3", () -> "x" + runs.incrementAndGet(), in(300));
        assertEquals("success", retry.reply(), "answered within the deadline, without a reply of its own");
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(1000));
        assertEquals(0, runs.get());
        claimAs("m4", ""); // a claim that names no instance is never taken over
        assertEquals(
                "success", node("b/2").process(appid, "m4", () -> "y", in(200)).reply());
    }

    @Test
    void manyRetriesRacingForADeadNodesClaimRunTheWorkOnce() throws Exception {
        claimAs("m5", "killed/dead0002");
        AtomicInteger runs = new AtomicInteger();
        ExecutorService pool16 = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<MessageReceipts.Outcome>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                MessageReceipts node = node("n/" + i);
                outcomes.add(pool16.submit(() -> {
                    go.await();
                    return node.process(
                            appid,
                            "m5",
                            () -> {
                                try {
                                    Thread.sleep(100);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                return "once-" + runs.incrementAndGet();
                            },
                            in(2000));
                }));
            }
            go.countDown();
            int executed = 0;
            for (var f : outcomes) {
                var o = f.get(10, TimeUnit.SECONDS);
                assertEquals("once-1", o.reply());
                executed += o.executedHere() ? 1 : 0;
            }
            assertEquals(1, runs.get());
            assertEquals(1, executed);
        } finally {
            pool16.shutdownNow();
        }
    }

    private MessageReceipts.Gate gate(String nonce, String digest, String openid, String action) {
        return new MessageReceipts.Gate("wxp:nonce:" + appid + ":1700000000:" + nonce, digest, 60, openid, action);
    }

    @Test
    void theGateChecksTheNonceClaimsAndKeepsTheReplyOfTheFirstDelivery() {
        MessageReceipts a = node("a/1");
        MessageReceipts b = node("b/2");
        AtomicInteger runs = new AtomicInteger();
        var first = a.process(appid, "g1", gate("n1", "d1", "oG", null), () -> "r-" + runs.incrementAndGet(), in(1000));
        // WeChat's retry: the same timestamp, nonce and message, through another node
        var retry = b.process(appid, "g1", gate("n1", "d1", "oG", null), () -> "r-" + runs.incrementAndGet(), in(1000));
        assertEquals("r-1", first.reply());
        assertTrue(first.executedHere());
        assertEquals("r-1", retry.reply());
        assertFalse(retry.executedHere());
        assertEquals(1, runs.get());

        // a captured signature (timestamp, nonce) with another message: refused, nothing claimed or run
        assertThrows(
                MessageReceipts.Replayed.class,
                () -> a.process(
                        appid, "g2", gate("n1", "d2", "oG", null), () -> "x" + runs.incrementAndGet(), in(500)));
        assertEquals(1, runs.get());
        try (Jedis jedis = pool.getResource()) {
            assertFalse(jedis.exists("wxp:msg:" + appid + ":g2"), "a replay claims nothing");
        }
    }

    @Test
    void theGateScreensRepeatsForTheRouterInTheSameCall() {
        MessageReceipts a = node("a/1");
        String user = "o" + UUID.randomUUID();
        List<Boolean> seen = new ArrayList<>();
        // the router asks the screen inside the work, as MessageRouter does
        java.util.function.BiFunction<String, String, java.util.function.Supplier<String>> work =
                (key, action) -> () -> {
                    seen.add(a.repeatScreen.isRepeat(appid, user, action, key));
                    return "ok";
                };
        a.process(appid, "s1", gate("s1", "d1", user, "text:话费"), work.apply("s1", "text:话费"), in(1000));
        a.process(appid, "s2", gate("s2", "d2", user, "text:话费"), work.apply("s2", "text:话费"), in(1000));
        a.process(appid, "s3", gate("s3", "d3", user, "text:流量"), work.apply("s3", "text:流量"), in(1000));
        assertEquals(List.of(false, true, false), seen, "a new message, same action, within the window is a repeat");
        try (Jedis jedis = pool.getResource()) {
            assertEquals("1", jedis.get(RepeatScreen.counterKey(appid, user)), "one repeat counted");
            assertTrue(jedis.ttl(RepeatScreen.counterKey(appid, user)) > 0, "the counter is per minute");
        }

        // a claim left by a killed node is taken over; its message did the action itself: no repeat
        claimAs("s4", "killed/dead0003");
        try (Jedis jedis = pool.getResource()) {
            jedis.setex(RepeatScreen.key(appid, user, "text:套餐"), 10, "s4");
        }
        var taken = a.process(appid, "s4", gate("s4", "d4", user, "text:套餐"), work.apply("s4", "text:套餐"), in(1000));
        assertTrue(taken.executedHere());
        assertEquals(List.of(false, true, false, false), seen);
    }

    @Test
    void theGateReadsThePrefetchKeysForTheDeliveryThatRunsTheWorkOnce() {
        MessageReceipts a = node("a/1");
        String present = "wxp:test:prefetch:" + appid + ":present";
        String missing = "wxp:test:prefetch:" + appid + ":missing";
        try (Jedis jedis = pool.getResource()) {
            jedis.setex(present, 60, "42");
        }
        List<Object> seen = new ArrayList<>();
        var gate = new MessageReceipts.Gate(
                "wxp:nonce:" + appid + ":1700000000:p1", "d1", 60, "oP", null, List.of(present, missing));
        a.process(
                appid,
                "p1",
                gate,
                () -> {
                    seen.add(org.wxplatform.message.route.Prefetched.take(present));
                    seen.add(org.wxplatform.message.route.Prefetched.take(missing));
                    // taken once: a second read in the same delivery goes to Redis itself
                    seen.add(org.wxplatform.message.route.Prefetched.take(present));
                    seen.add(org.wxplatform.message.route.Prefetched.take("wxp:test:not-asked"));
                    return "ok";
                },
                in(1000));
        assertEquals(
                List.of(
                        Optional.of(Optional.of("42")),
                        Optional.of(Optional.empty()),
                        Optional.empty(),
                        Optional.empty()),
                seen);
        // after the delivery nothing is left on the thread
        assertEquals(Optional.empty(), org.wxplatform.message.route.Prefetched.take(missing));
        // a retry that finds the reply runs no work and reads nothing
        var retry = a.process(appid, "p1", gate, () -> "again", in(1000));
        assertEquals("ok", retry.reply());
        assertFalse(retry.executedHere());
    }

    @Test
    void aVerdictForAnotherActionIsNotUsedTheScreenAsksRedisItself() {
        MessageReceipts a = node("a/1");
        String user = "o" + UUID.randomUUID();
        List<Boolean> seen = new ArrayList<>();
        a.process(
                appid,
                "v1",
                gate("v1", "d1", user, "text:A"),
                () -> {
                    seen.add(a.repeatScreen.isRepeat(appid, user, "text:B", "v1"));
                    seen.add(a.repeatScreen.isRepeat(appid, user, "text:B", "v1"));
                    return "ok";
                },
                in(1000));
        a.process(
                appid,
                "v2",
                gate("v2", "d2", user, null),
                () -> {
                    seen.add(a.repeatScreen.isRepeat(appid, user, "text:B", "v2"));
                    return "ok";
                },
                in(1000));
        assertEquals(List.of(false, false, true), seen);
    }
}
