package org.wxplatform.account.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.wxplatform.account.token.TestRedis;
import org.wxplatform.account.token.TokenFetcher;
import org.wxplatform.account.token.WeChatTestServer;
import redis.clients.jedis.JedisPool;

/** Token fetches of one account go through a budget shared by all nodes: WeChat is asked no more than it allows. */
class FetchBudgetTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void fetchesBeyondTheBudgetNeverReachWeChatOnAnyNode() throws Exception {
        String appid = TestRedis.newAppid();
        try (WeChatTestServer server = new WeChatTestServer(7200).account(appid, SECRET);
                JedisPool a = TestRedis.pool(4);
                JedisPool b = TestRedis.pool(4)) {
            WeChatHttp http = new WeChatHttp(server.base(), Duration.ofSeconds(2), Duration.ofSeconds(2));
            // two nodes, one budget of 3 fetches (10 an hour): a loop of forced refreshes on both
            TokenFetcher nodeA = new WeChatFetchers(http, id -> SECRET, new FetchBudget(a, 10, 3)).accessToken();
            TokenFetcher nodeB = new WeChatFetchers(http, id -> SECRET, new FetchBudget(b, 10, 3)).accessToken();
            int refused = 0;
            for (int i = 0; i < 10; i++) {
                try {
                    (i % 2 == 0 ? nodeA : nodeB).fetch(appid);
                } catch (RateLimitedException e) {
                    refused++;
                    assertTrue(e.getMessage().contains("limited to 10 an hour"), e.getMessage());
                }
            }
            assertEquals(3, server.tokenFetches.get(), "WeChat was asked three times, by both nodes together");
            assertEquals(7, refused);
            RateLimitedException e = assertThrows(RateLimitedException.class, () -> nodeA.fetch(appid));
            assertTrue(e.transientFailure(), "the central control holds it and backs off");
            // another account has its own budget
            String other = TestRedis.newAppid();
            server.account(other, SECRET);
            nodeA.fetch(other);
            assertEquals(4, server.tokenFetches.get());
        }
    }
}
