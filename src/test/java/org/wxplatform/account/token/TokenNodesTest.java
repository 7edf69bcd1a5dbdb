package org.wxplatform.account.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The central control across separate processes: 4 node JVMs, each with its own Redis connections and
 * 1,000 concurrent readers, against a token server whose tokens really expire after 6 s, over three
 * expiry windows (a window is the 4.8 s between refreshes: the refresh starts a fifth of the lifetime
 * ahead). Exactly one fetch per window; no token handed out after its expiry (every read, dated by its start, is checked
 * against the server's expiry); and not one API call made with an expired or unknown token (one read in
 * {@value TokenNode#CALL_EVERY} is followed by a call: the JDK's HTTP server on a small machine would be
 * the bottleneck otherwise).
 */
class TokenNodesTest {

    static final int NODES = 4;
    static final int READERS = 1000;
    static final int TTL_SECONDS = 6;
    static final int WINDOWS = 3;

    @Test
    void fourNodesFetchOncePerWindowAndNeverCallWithAnExpiredToken() throws Exception {
        String appid = TestRedis.newAppid();
        String secret = "0123456789abcdef0123456789abcdef";
        long window = TTL_SECONDS * 1000L * 4 / 5;
        try (WeChatTestServer server = new WeChatTestServer(TTL_SECONDS)) {
            server.account(appid, secret);
            long startAt = System.currentTimeMillis() + 10_000;
            long duration = WINDOWS * window - 1_000; // fetches at 0, 4.8 and 9.6 s; the fourth would be at 14.4 s
            TokenNodes.Run run = TokenNodes.run(
                    NODES,
                    READERS,
                    server.base(),
                    "/api/ping?access_token=",
                    TestRedis.url(),
                    appid,
                    secret,
                    startAt,
                    duration);
            long reads = run.reads();
            long calls = run.calls();
            long nodeFetches = run.nodeFetches();
            long meanReadMicros = run.meanReadMicros();
            long maxReadMicros = run.maxReadMicros();
            long maxReadToCall = run.maxReadToCallMillis();
            Map<String, Long> lastHandedOut = run.lastHandedOut();

            List<WeChatTestServer.Issued> fetches = server.fetches();
            long margin = Long.MAX_VALUE;
            long expired = server.expiredCalls.get();
            long invalid = server.invalidCalls.get();
            System.out.printf(
                    "TOKEN-NODES nodes=%d readers/node=%d ttl=%ds windows=%d reads=%d apiCalls=%d fetches=%d"
                            + " expiredCalls=%d invalidCalls=%d meanReadMicros=%d maxReadMicros=%d maxReadToCallMillis=%d%n",
                    NODES,
                    READERS,
                    TTL_SECONDS,
                    WINDOWS,
                    reads,
                    server.apiCalls.get(),
                    fetches.size(),
                    expired,
                    invalid,
                    meanReadMicros,
                    maxReadMicros,
                    maxReadToCall);
            assertEquals(WINDOWS, fetches.size(), "one fetch per expiry window: " + fetches);
            assertEquals(WINDOWS, nodeFetches, "the nodes agree on how often they fetched");
            for (int i = 1; i < fetches.size(); i++) {
                long gap = fetches.get(i).issuedAt() - fetches.get(i - 1).issuedAt();
                // the node dates a token from the start of its fetch, so a slow fetch moves the next one earlier
                // by its duration; two fetches in one window would be less than half a window apart
                assertTrue(gap > window / 2, "fetch " + i + " came only " + gap + " ms after the one before");
                assertTrue(
                        fetches.get(i).issuedAt() < fetches.get(i - 1).expiresAt(),
                        "each token was replaced before it expired");
            }
            assertEquals(0, expired, "API calls made with an expired token");
            assertEquals(0, invalid, "API calls made with an unknown token");
            assertEquals(calls, server.apiCalls.get(), "the server saw every call");
            assertTrue(calls >= reads / TokenNode.CALL_EVERY / 2, calls + " calls for " + reads + " reads");
            for (WeChatTestServer.Issued issued : fetches) {
                Long last = lastHandedOut.get(issued.value());
                assertTrue(last != null, "a fetched token was never handed out: " + issued);
                assertTrue(
                        last < issued.expiresAt(),
                        "token handed out " + (last - issued.expiresAt()) + " ms after it expired");
                margin = Math.min(margin, issued.expiresAt() - last);
            }
            assertEquals(fetches.size(), lastHandedOut.size(), "only fetched tokens were handed out");
            System.out.println("TOKEN-NODES smallest margin between a hand-out and the expiry: " + margin + " ms");
        }
    }
}
