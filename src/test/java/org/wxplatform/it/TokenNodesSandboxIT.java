package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.account.token.TokenNodes;

/**
 * The central control across 4 node JVMs (own Redis connections, 1,000 concurrent readers each) against
 * the sandbox WeChat server itself, whose access_tokens really expire (here after 6 s), over three
 * expiry windows: the sandbox counts exactly one fetch per window and not one API call made with an
 * expired or unknown token.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TokenNodesSandboxIT {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final int NODES = 4;
    static final int READERS = 1000;
    static final int TTL_SECONDS = 6;
    static final int WINDOWS = 3;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @Test
    void fourNodesFetchOncePerWindowAndNeverCallWithAnExpiredToken() throws Exception {
        String appid = TestEnv.newAppid();
        Http http = new Http(base);
        HttpResponse<String> created = http.json(
                "PUT",
                "/sandbox/wechat/accounts/" + appid,
                null,
                "{\"name\":\"四节点\",\"secret\":\"" + SECRET + "\",\"token\":\"tokNodes1\",\"mode\":\"plain\"}");
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> config = http.json(
                "PUT",
                "/sandbox/wechat/control/" + appid + "/config",
                null,
                "{\"tokenTtlSeconds\":" + TTL_SECONDS + "}");
        assertEquals(200, config.statusCode(), config.body());

        long window = TTL_SECONDS * 1000L * 4 / 5; // the refresh starts a fifth of the lifetime ahead
        long startAt = System.currentTimeMillis() + 10_000;
        long duration = WINDOWS * window - 1_000;
        String api = base.toString().replaceAll("/$", "") + "/sandbox/wechat/api";
        TokenNodes.Run run = TokenNodes.run(
                NODES,
                READERS,
                api,
                "/cgi-bin/user/info?openid=oNodeReader&lang=zh_CN&access_token=",
                System.getenv().getOrDefault("WXP_REDIS_URL", "redis://127.0.0.1:6379/1"),
                appid,
                SECRET,
                startAt,
                duration);

        JsonObject stats = Json.createReader(
                        new StringReader(http.get("/sandbox/wechat/control/" + appid + "/stats", null)
                                .body()))
                .readObject();
        System.out.println("TOKEN-NODES-SANDBOX nodes=" + NODES + " readers/node=" + READERS + " ttl=" + TTL_SECONDS
                + "s windows=" + WINDOWS + " reads=" + run.reads() + " calls=" + run.calls() + " sandbox=" + stats);
        assertEquals(WINDOWS, stats.getInt("tokenFetches"), "one fetch per expiry window: " + stats);
        assertEquals(WINDOWS, run.nodeFetches(), "the nodes agree on how often they fetched");
        assertEquals(0, stats.getInt("expiredTokenCalls"), "API calls made with an expired token: " + stats);
        assertEquals(0, stats.getInt("invalidTokenCalls"), "API calls made with an unknown token: " + stats);
        assertTrue(stats.getInt("apiCalls") >= run.calls(), "the sandbox saw every call: " + stats);
        assertTrue(run.reads() >= (long) NODES * READERS, "reads: " + run.reads());
    }
}
