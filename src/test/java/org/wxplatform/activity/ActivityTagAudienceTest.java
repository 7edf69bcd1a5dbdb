package org.wxplatform.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wxplatform.account.token.TestRedis;
import org.wxplatform.account.wechat.BusyException;
import org.wxplatform.account.wechat.UnreachableException;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/** A TAG audience's answers: WeChat's getidlist, kept a short time in the real Redis, never a failure. */
class ActivityTagAudienceTest {

    JedisPool pool;
    String appid;
    /** What the fake WeChat answers per openid: tag ids, or an exception to throw. */
    final Map<String, Object> wechat = new ConcurrentHashMap<>();

    final AtomicInteger asked = new AtomicInteger();
    final WeChatClient client = new WeChatClient() {
        @Override
        public List<Long> tagsOf(String appId, String openid) throws WeChatApiException {
            asked.incrementAndGet();
            Object answer = wechat.get(openid);
            if (answer instanceof WeChatApiException e) {
                throw e;
            }
            @SuppressWarnings("unchecked")
            List<Long> ids = (List<Long>) answer;
            return ids;
        }
    };

    @BeforeEach
    void start() {
        pool = TestRedis.pool(4);
        appid = TestRedis.newAppid();
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    TagAudiences audiences(int cacheSeconds) {
        return new TagAudiences(client, pool, cacheSeconds);
    }

    @Test
    void wechatsAnswerIsKeptPerAccountAndSubscriberForAShortTime() {
        TagAudiences tags = audiences(60);
        wechat.put("oTagged", List.of(2L, 101L));
        wechat.put("oOther", List.of());
        assertEquals(Membership.IN, tags.carries(appid, "oTagged", 101));
        assertEquals(Membership.OUT, tags.carries(appid, "oTagged", 102));
        assertEquals(Membership.OUT, tags.carries(appid, "oOther", 101));
        assertEquals(2, asked.get(), "one question to WeChat per subscriber");
        try (Jedis jedis = pool.getResource()) {
            assertEquals("2,101", jedis.get("wxp:activity:tags:" + appid + ":oTagged"));
            assertEquals("", jedis.get("wxp:activity:tags:" + appid + ":oOther"));
            long ttl = jedis.ttl("wxp:activity:tags:" + appid + ":oTagged");
            assertTrue(ttl > 0 && ttl <= 60, "kept at most a minute: " + ttl);
        }

        // the tag is taken off at WeChat: the kept answer holds until it is forgotten (or expires)
        wechat.put("oTagged", List.of(2L));
        assertEquals(Membership.IN, tags.carries(appid, "oTagged", 101));
        tags.forget(appid, "oTagged");
        assertEquals(Membership.OUT, tags.carries(appid, "oTagged", 101));
        assertEquals(3, asked.get());

        // another account's subscriber of the same openid is another key
        assertEquals(Membership.OUT, tags.carries(TestRedis.newAppid(), "oTagged", 101));
        assertEquals(4, asked.get());
    }

    @Test
    void whenWeChatCannotAnswerNobodyIsLetInAndNothingIsKept() {
        TagAudiences tags = audiences(60);
        wechat.put("oA", new UnreachableException("/cgi-bin/tags/getidlist", "time limit passed", null));
        assertEquals(Membership.UNKNOWN, tags.carries(appid, "oA", 101));
        wechat.put("oA", new BusyException("/cgi-bin/tags/getidlist", "system error"));
        assertEquals(Membership.UNKNOWN, tags.carries(appid, "oA", 101));
        try (Jedis jedis = pool.getResource()) {
            assertFalse(jedis.exists("wxp:activity:tags:" + appid + ":oA"), "a failure is never kept");
        }
        wechat.put("oA", List.of(101L));
        assertEquals(Membership.IN, tags.carries(appid, "oA", 101), "asked again once WeChat answers");
        assertEquals(3, asked.get());
    }

    @Test
    void anOpenidWeChatSaysIsNoFollowerCarriesNoTags() {
        TagAudiences tags = audiences(60);
        for (int errcode : new int[] {40003, 43004, 49003}) {
            String openid = "oGone" + errcode;
            wechat.put(openid, new WeChatApiException("/cgi-bin/tags/getidlist", errcode, "invalid openid"));
            assertEquals(Membership.OUT, tags.carries(appid, openid, 101), "errcode " + errcode);
        }
        wechat.put("oForbidden", new WeChatApiException("/cgi-bin/tags/getidlist", 48001, "api unauthorized"));
        assertEquals(Membership.UNKNOWN, tags.carries(appid, "oForbidden", 101), "other errcodes decide nothing");
    }

    @Test
    void withoutACacheEveryQuestionGoesToWeChatAndAStrangeKeptValueIsAskedAgain() {
        TagAudiences none = audiences(0);
        wechat.put("oB", List.of(101L));
        none.carries(appid, "oB", 101);
        none.carries(appid, "oB", 101);
        assertEquals(2, asked.get());

        try (Jedis jedis = pool.getResource()) {
            jedis.setex("wxp:activity:tags:" + appid + ":oB", 60, "not,ids");
        }
        assertEquals(Membership.IN, audiences(60).carries(appid, "oB", 101));
        assertEquals(3, asked.get());
        assertEquals(Set.of(101L), TagAudiences.decode(TagAudiences.encode(List.of(101L))));
        assertEquals(Set.of(), TagAudiences.decode(TagAudiences.encode(List.of())));
    }
}
