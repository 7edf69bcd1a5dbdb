package org.wxplatform.sandbox.wechat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wxplatform.TestRedis;
import org.wxplatform.sandbox.wechat.api.SandboxState.TokenStatus;
import redis.clients.jedis.JedisPool;

/**
 * Token expiry, invalidation, counters and the errcode countdown over a real Redis (the test database of
 * {@code scripts/test}, {@code WXP_TEST_REDIS_URL}), with a clock the test moves. Skipped when no Redis
 * answers; every test uses a fresh AppId and resets it afterwards.
 */
class SandboxStateTest {

    private static JedisPool pool;
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final String appId =
            "wx" + String.format("%016x", ThreadLocalRandom.current().nextLong());
    private SandboxState state;

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

    @AfterEach
    void cleanUp() {
        if (state != null) {
            state.reset(appId);
        }
    }

    private SandboxState state() {
        state = new SandboxState(pool, now::get);
        return state;
    }

    private long stat(String name) {
        return (Long) state.stats(appId).get(name);
    }

    @Test
    void aTokenIsValidUntilItsExpiryThenExpired() {
        SandboxState s = state();
        SandboxState.Issued token = s.issueToken(appId, 7200);
        assertEquals(7200, token.expiresIn());
        assertEquals(new SandboxState.TokenCheck(TokenStatus.VALID, appId), s.checkToken(token.value()));
        now.addAndGet(7_199_999);
        assertEquals(TokenStatus.VALID, s.checkToken(token.value()).status());
        now.addAndGet(1);
        assertEquals(new SandboxState.TokenCheck(TokenStatus.EXPIRED, appId), s.checkToken(token.value()));
        assertEquals(1, stat("tokenFetches"));
    }

    @Test
    void unknownMalformedAndInvalidatedTokensAreTold() {
        SandboxState s = state();
        assertEquals(
                TokenStatus.UNKNOWN, s.checkToken(SandboxState.randomToken(96)).status());
        assertEquals(TokenStatus.MALFORMED, s.checkToken("short").status());
        assertEquals(
                TokenStatus.MALFORMED,
                s.checkToken("has spaces in it, not a token").status());
        assertFalse(s.invalidateToken(appId), "nothing to invalidate yet");
        String token = s.issueToken(appId, 7200).value();
        assertTrue(s.invalidateToken(appId));
        assertEquals(new SandboxState.TokenCheck(TokenStatus.INVALIDATED, appId), s.checkToken(token));
    }

    @Test
    void aNewFetchSupersedesTheOldTokenAfterFiveMinutes() {
        SandboxState s = state();
        String old = s.issueToken(appId, 7200).value();
        now.addAndGet(1000);
        String fresh = s.issueToken(appId, 7200).value();
        assertNotEquals(old, fresh);
        now.addAndGet(SandboxState.OVERLAP_MILLIS);
        assertEquals(TokenStatus.VALID, s.checkToken(old).status(), "both work during WeChat's overlap");
        now.addAndGet(1);
        assertEquals(TokenStatus.INVALIDATED, s.checkToken(old).status());
        assertEquals(TokenStatus.VALID, s.checkToken(fresh).status());
        assertEquals(2, stat("tokenFetches"));
    }

    @Test
    void classifyIsPure() {
        assertEquals(TokenStatus.UNKNOWN, SandboxState.classify(Map.of(), 0).status());
        assertEquals(
                TokenStatus.EXPIRED,
                SandboxState.classify(Map.of("appid", "a", "expiresAt", "10"), 10)
                        .status());
        assertEquals(
                TokenStatus.INVALIDATED,
                SandboxState.classify(Map.of("appid", "a", "expiresAt", "99", "invalidated", "1"), 0)
                        .status());
    }

    @Test
    void countersAreExactUnderConcurrency() throws Exception {
        SandboxState s = state();
        ExecutorService pool8 = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                running.add(pool8.submit(() -> s.countCall(appId, "/cgi-bin/user/info")));
                running.add(pool8.submit(() -> s.count(appId, "expiredTokenCalls")));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool8.shutdownNow();
        }
        assertEquals(400, stat("apiCalls"));
        assertEquals(400, stat("expiredTokenCalls"));
        assertEquals(Map.of("/cgi-bin/user/info", 400L), state.stats(appId).get("calls"));
    }

    @Test
    void anInjectedErrcodeWithACountClearsAfterThatManyCalls() {
        SandboxState s = state();
        SandboxConfig config = s.configure(
                appId,
                Json.createObjectBuilder()
                        .add("errcode", -1)
                        .add("errcodeCount", 2)
                        .build());
        assertEquals(Optional.of(-1), s.takeInjectedErrcode(appId, config));
        assertEquals(Optional.of(-1), s.takeInjectedErrcode(appId, config));
        assertEquals(Optional.empty(), s.takeInjectedErrcode(appId, config));
        assertEquals(Optional.empty(), s.takeInjectedErrcode(appId, config));
        SandboxConfig always = s.configure(
                appId,
                Json.createObjectBuilder()
                        .add("errcode", 45009)
                        .addNull("errcodeCount")
                        .build());
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.of(45009), s.takeInjectedErrcode(appId, always));
        }
        assertEquals(always, s.config(appId), "stored");
    }

    @Test
    void oauthCodesWorkOnceAndOnlyForTheirAccount() {
        SandboxState s = state();
        String code = s.issueCode(appId, "user1", "snsapi_base");
        ApiFailure foreign = assertThrows(ApiFailure.class, () -> s.redeemCode("wx00000000000000aa", code));
        assertEquals(40029, foreign.errcode());
        assertEquals("user1", s.redeemCode(appId, code).get("openid"));
        assertEquals(
                40163,
                assertThrows(ApiFailure.class, () -> s.redeemCode(appId, code)).errcode());
        assertEquals(
                40029,
                assertThrows(ApiFailure.class, () -> s.redeemCode(appId, "nope"))
                        .errcode());
    }

    @Test
    void inboxesKeepArrivalOrderAndResetForgetsEverything() {
        SandboxState s = state();
        for (int i = 1; i <= 3; i++) {
            assertEquals(
                    i,
                    s.deliver(
                            appId,
                            "user1",
                            Json.createObjectBuilder().add("kind", "kf").build()));
        }
        assertEquals(3, s.inbox(appId, "user1").size());
        assertTrue(s.inbox(appId, "user1").get(0).startsWith("{\"seq\":1,\"kind\":\"kf\""));
        s.putMenu(appId, "{\"button\":[]}");
        s.setSubscribed(appId, "user1", false);
        s.issueToken(appId, 7200);
        s.reset(appId);
        assertEquals(List.of(), s.inbox(appId, "user1"));
        assertEquals(Optional.empty(), s.menu(appId));
        assertTrue(s.subscribed(appId, "user1"));
        assertEquals(0, stat("tokenFetches"));
    }

    @Test
    void aSubscriberNeverSeenToInteractHasNoKfLimit() {
        SandboxState s = state();
        for (int i = 0; i < 20; i++) {
            assertEquals(KfRules.Verdict.UNKNOWN_USER, s.takeKf(appId, "silent", now.get()));
        }
        assertEquals(false, s.kfBudget(appId, "silent", now.get()).known());
    }

    @Test
    void afterAMessageFiveKfMessagesWithin48HoursThen45047And45015() {
        SandboxState s = state();
        s.interacted(appId, "u1", KfRules.Interaction.MESSAGE, now.get());
        for (int i = 0; i < KfRules.MESSAGE_BUDGET; i++) {
            assertEquals(5 - i, s.kfBudget(appId, "u1", now.get()).remaining());
            assertEquals(KfRules.Verdict.ALLOWED, s.takeKf(appId, "u1", now.get()), "message " + (i + 1));
        }
        assertEquals(KfRules.Verdict.OUT_OF_COUNT, s.takeKf(appId, "u1", now.get()), "the sixth");
        assertEquals(0, s.kfBudget(appId, "u1", now.get()).remaining());
        // the subscriber writes again: a full budget
        now.addAndGet(3_600_000);
        s.interacted(appId, "u1", KfRules.Interaction.MESSAGE, now.get());
        assertEquals(KfRules.Verdict.ALLOWED, s.takeKf(appId, "u1", now.get()));
        // 48 hours later (to the millisecond) still, a moment after that no more
        now.addAndGet(KfRules.MESSAGE_WINDOW_MILLIS);
        assertEquals(KfRules.Verdict.ALLOWED, s.takeKf(appId, "u1", now.get()));
        now.addAndGet(1);
        assertEquals(KfRules.Verdict.OUT_OF_TIME, s.takeKf(appId, "u1", now.get()));
        assertEquals(false, s.kfBudget(appId, "u2", now.get()).known(), "per subscriber");
    }

    @Test
    void afterAMenuTapThreeWithinAMinute() {
        SandboxState s = state();
        s.interacted(appId, "u1", KfRules.Interaction.EVENT, now.get());
        for (int i = 0; i < KfRules.EVENT_BUDGET; i++) {
            assertEquals(KfRules.Verdict.ALLOWED, s.takeKf(appId, "u1", now.get()));
        }
        assertEquals(KfRules.Verdict.OUT_OF_COUNT, s.takeKf(appId, "u1", now.get()));
        s.interacted(appId, "u2", KfRules.Interaction.EVENT, now.get());
        now.addAndGet(KfRules.EVENT_WINDOW_MILLIS + 1);
        assertEquals(KfRules.Verdict.OUT_OF_TIME, s.takeKf(appId, "u2", now.get()), "a minute later");
        // a message earlier keeps its own window: the event adds three within the minute
        s.interacted(appId, "u3", KfRules.Interaction.MESSAGE, now.get());
        s.interacted(appId, "u3", KfRules.Interaction.EVENT, now.get());
        assertEquals(8, s.kfBudget(appId, "u3", now.get()).remaining());
        for (int i = 0; i < 8; i++) {
            assertEquals(KfRules.Verdict.ALLOWED, s.takeKf(appId, "u3", now.get()), "message " + (i + 1));
        }
        assertEquals(KfRules.Verdict.OUT_OF_COUNT, s.takeKf(appId, "u3", now.get()));
        s.reset(appId);
        assertEquals(KfRules.Verdict.UNKNOWN_USER, s.takeKf(appId, "u3", now.get()), "reset forgets the windows");
    }

    @Test
    void concurrentSendsNeverOverspend() throws Exception {
        SandboxState s = state();
        s.interacted(appId, "u1", KfRules.Interaction.MESSAGE, now.get());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<KfRules.Verdict>> verdicts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                verdicts.add(threads.submit(() -> s.takeKf(appId, "u1", now.get())));
            }
            long allowed = 0;
            for (var v : verdicts) {
                allowed += v.get() == KfRules.Verdict.ALLOWED ? 1 : 0;
            }
            assertEquals(KfRules.MESSAGE_BUDGET, allowed);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void tagsAreCreatedPutOnFollowersAndCountedAsWeChatDoes() {
        SandboxState s = state();
        assertEquals(List.of(new SandboxState.Tag(2, "星标组", 0)), s.tags(appId), "WeChat's own tag is always there");
        SandboxState.Tag vip = s.createTag(appId, "高价值用户");
        assertEquals(new SandboxState.Tag(100, "高价值用户", 0), vip, "an account's tags are numbered from 100");
        assertEquals(
                45157,
                assertThrows(ApiFailure.class, () -> s.createTag(appId, "高价值用户"))
                        .errcode());
        assertEquals(
                45157,
                assertThrows(ApiFailure.class, () -> s.createTag(appId, "星标组")).errcode());

        s.tag(appId, new TagRules.Batch(100, List.of("oA", "oB")));
        s.tag(appId, new TagRules.Batch(100, List.of("oA")));
        assertEquals(List.of(new SandboxState.Tag(2, "星标组", 0), new SandboxState.Tag(100, "高价值用户", 2)), s.tags(appId));
        s.tag(appId, new TagRules.Batch(2, List.of("oA")));
        assertEquals(List.of(2L, 100L), s.tagsOf(appId, "oA"));
        s.untag(appId, new TagRules.Batch(100, List.of("oB", "oNever")));
        assertEquals(List.of(), s.tagsOf(appId, "oB"));
        assertEquals(1, s.tags(appId).get(1).count());
        assertEquals(
                45159,
                assertThrows(ApiFailure.class, () -> s.tag(appId, new TagRules.Batch(999, List.of("oA"))))
                        .errcode());
        assertEquals(
                45159,
                assertThrows(ApiFailure.class, () -> s.untag(appId, new TagRules.Batch(999, List.of("oA"))))
                        .errcode());

        // 20 tags on one user at most; a batch that would pass it tags nobody
        for (int i = 0; i < 18; i++) {
            s.tag(appId, new TagRules.Batch(s.createTag(appId, "t" + i).id(), List.of("oA")));
        }
        assertEquals(20, s.tagsOf(appId, "oA").size());
        long more = s.createTag(appId, "more").id();
        ApiFailure full =
                assertThrows(ApiFailure.class, () -> s.tag(appId, new TagRules.Batch(more, List.of("oC", "oA"))));
        assertEquals(45059, full.errcode());
        assertEquals(List.of(), s.tagsOf(appId, "oC"), "all or none");
        s.tag(appId, new TagRules.Batch(100, List.of("oA")));
        assertEquals(20, s.tagsOf(appId, "oA").size(), "a tag the user has already counts once");

        // 100 tags an account creates at most
        for (int i = 20; i < 100; i++) {
            s.createTag(appId, "t" + i);
        }
        assertEquals(
                45056,
                assertThrows(ApiFailure.class, () -> s.createTag(appId, "one too many"))
                        .errcode());

        s.reset(appId);
        assertEquals(List.of(new SandboxState.Tag(2, "星标组", 0)), s.tags(appId));
        assertEquals(List.of(), s.tagsOf(appId, "oA"));
        assertEquals(100, s.createTag(appId, "again").id());
    }
}
