package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.account.AccountService;
import org.wxplatform.account.domain.AccountSettings;
import org.wxplatform.account.domain.MessageMode;
import org.wxplatform.account.wechat.KfMessage;
import org.wxplatform.account.wechat.WeChatClient;

/**
 * The product's WeChat client against the sandbox WeChat server (inside the test server): when the
 * sandbox invalidates the access_token early (40001), many concurrent calls that fail with it cause one
 * forced refresh, and every one of them succeeds on its retry.
 */
@ExtendWith(ArquillianExtension.class)
class TokenSandboxIT {

    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Deployment
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Inject
    WeChatClient client;

    @Inject
    AccountService accounts;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anEarlyInvalidatedTokenIsRefreshedOnceAndTheFailedCallsSucceedOnRetry() throws Exception {
        String appid = TestEnv.newAppid();
        accounts.upsert(appid, new AccountSettings("令牌", SECRET, "tokSbx1", null, MessageMode.PLAIN));
        assertEquals(
                201,
                sandbox(
                        "PUT",
                        "/sandbox/wechat/accounts/" + appid,
                        "{\"name\":\"令牌\",\"secret\":\"" + SECRET + "\",\"token\":\"tokSbx1\",\"mode\":\"plain\"}"));

        client.sendCustomMessage(appid, new KfMessage.Text("oToken1", "第一条"));
        assertEquals(1, stats(appid).getInt("tokenFetches"));

        assertEquals(200, sandbox("POST", "/sandbox/wechat/control/" + appid + "/invalidate-token", ""));
        int callers = 100;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String openid = "oToken" + (i % 10);
                calls.add(pool.submit(() -> {
                    start.await();
                    client.sendCustomMessage(appid, new KfMessage.Text(openid, "重试"));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : calls) {
                f.get(); // every call succeeds (after at most one retry)
            }
        } finally {
            pool.shutdownNow();
        }
        JsonObject stats = stats(appid);
        assertEquals(2, stats.getInt("tokenFetches"), "one forced refresh, no storm: " + stats);
        assertEquals(0, stats.getInt("expiredTokenCalls"), stats.toString());
        assertTrue(stats.getInt("invalidTokenCalls") <= callers, "each caller failed at most once: " + stats);
    }

    private String base() {
        return "http://127.0.0.1:" + (8080 + Integer.getInteger("jboss.socket.binding.port-offset", 100));
    }

    private int sandbox(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonObject stats(String appid) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/sandbox/wechat/control/" + appid + "/stats"))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return Json.createReader(new StringReader(r.body())).readObject();
    }
}
