package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.it.async.SlowEcho;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * Async replies end to end against the sandbox WeChat: a slow handler's callback is answered at once,
 * its result arrives as one customer-service message (also under WeChat's retries and injected API
 * failures), and one subscriber's results keep their order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AsyncReplyIT {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "asyncToken1";
    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product().addClasses(SlowEcho.class, SlowEcho.Responder.class, SlowEcho.Handler.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void theCallbackAnswersAtOnceAndTheResultArrivesOnceUnderRetries() throws Exception {
        String appid = account();
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);

        // warm the path once (first use of the API client, token fetch)
        accepted(wechat.send(wechat.messages().text("oWarm", SlowEcho.PREFIX + " 预热")));
        awaitTexts(appid, "oWarm", 1);

        Delivery d = accepted(wechat.send(wechat.messages().text("oA", SlowEcho.PREFIX + " 话费")));
        assertEquals(SlowEcho.ACK, d.content());
        assertTrue(d.latency().toMillis() < 200, "answered in " + d.latency().toMillis() + " ms");

        // the same message delivered four times at once: one result
        List<Delivery> copies = wechat.deliverRepeatedly(
                wechat.messages().text("oB", SlowEcho.PREFIX + " 流量"), 4, CallbackSimulator.Order.PARALLEL);
        for (Delivery c : copies) {
            accepted(c);
        }
        assertEquals(List.of("结果：" + SlowEcho.PREFIX + " 话费"), awaitTexts(appid, "oA", 1));
        assertEquals(List.of("结果：" + SlowEcho.PREFIX + " 流量"), awaitTexts(appid, "oB", 1));
        Thread.sleep(SlowEcho.WORK_MILLIS + 1000);
        assertEquals(1, texts(appid, "oA").size(), "exactly once");
        assertEquals(1, texts(appid, "oB").size(), "exactly once under retries");
    }

    @Test
    void oneSubscribersResultsKeepTheirOrderAndSurviveTransientApiFailures() throws Exception {
        String appid = account();
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        accepted(wechat.send(wechat.messages().text("oWarm", SlowEcho.PREFIX + " 预热")));
        awaitTexts(appid, "oWarm", 1);

        // WeChat answers "system busy" (-1) to the next two API calls: the push is retried, not lost
        var config = new Http(base)
                .json(
                        "PUT",
                        "/sandbox/wechat/control/" + appid + "/config",
                        null,
                        "{\"errcode\":-1,\"errcodeCount\":2}");
        assertEquals(200, config.statusCode(), config.body());
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            accepted(wechat.send(wechat.messages().text("oOrder", SlowEcho.PREFIX + " 第" + i + "条")));
            expected.add("结果：" + SlowEcho.PREFIX + " 第" + i + "条");
        }
        assertEquals(expected, awaitTexts(appid, "oOrder", 4));
    }

    /**
     * WeChat carries out half of the customer-service sends but their answers are lost on the way: each
     * such push is sent again (the subscriber may get it twice) and recorded as sent again, so that every
     * subscriber has one answer plus exactly one more for each resend the product counted, and the
     * product counted exactly the answers the sandbox lost.
     */
    @Test
    void aSendWhoseAnswerWasLostIsSentAgainAndCountedAsSuch() throws Exception {
        String appid = account();
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        var config = new Http(base)
                .json("PUT", "/sandbox/wechat/control/" + appid + "/config", null, "{\"answerLostRate\":0.5}");
        assertEquals(200, config.statusCode(), config.body());
        int askers = 12;
        for (int i = 0; i < askers; i++) {
            accepted(wechat.send(wechat.messages().text("oLost" + i, SlowEcho.PREFIX + " 丢失" + i)));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Integer> resent = settled(appid);
        while (resent.size() < askers && System.nanoTime() < deadline) {
            Thread.sleep(300);
            resent = settled(appid);
        }
        assertEquals(askers, resent.size(), "settled tasks: " + resent);
        int resends = 0;
        for (int i = 0; i < askers; i++) {
            String openid = "oLost" + i;
            List<String> texts = texts(appid, openid);
            int again = resent.get(openid);
            resends += again;
            assertEquals(1 + again, texts.size(), openid + " got " + texts + ", sent again " + again);
            assertTrue(texts.stream().allMatch(t -> t.equals("结果：" + SlowEcho.PREFIX + " 丢失" + openid.substring(5))));
        }
        var stats = new Http(base).get("/sandbox/wechat/control/" + appid + "/stats", null);
        long lost = Json.createReader(new StringReader(stats.body()))
                .readObject()
                .getJsonNumber("lostAnswers")
                .longValue();
        assertEquals(lost, resends, "every lost answer, and only those, made a resend");
    }

    /**
     * What a node leaves when it dies right after WeChat took a push and before recording it: the result
     * stored, the send's intent recorded (sending = 0), nothing recorded as sent, the message not yet
     * acknowledged. Its redelivery sends the push again (WeChat has no idempotency key) and counts it.
     */
    @Test
    void aPushWhoseSenderDiedMidSendIsSentAgainAndCounted() throws Exception {
        String appid = account();
        String openid = "oDiedMidSend";
        String taskId = appid + "/it.slow-echo/died-" + System.nanoTime();
        try (Connection c = TestEnv.db();
                PreparedStatement ps = c.prepareStatement("INSERT INTO async_task (task_id, appid, openid, kind,"
                        + " payload, state, result, sent, sending, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'it.slow-echo', '死前', 'R', ?, 0, 0, NOW(), NOW())")) {
            ps.setString(1, taskId);
            ps.setString(2, appid);
            ps.setString(3, openid);
            ps.setString(4, "[{\"type\":\"text\",\"content\":\"结果：死前\"}]");
            ps.executeUpdate();
        }
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(System.getenv("WXP_RABBIT_URL"));
        try (com.rabbitmq.client.Connection connection = factory.newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.basicPublish(
                    "wxp.async",
                    "0",
                    new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                            .deliveryMode(2)
                            .messageId(taskId)
                            .build(),
                    Json.createObjectBuilder()
                            .add("taskId", taskId)
                            .add("appid", appid)
                            .add("openid", openid)
                            .add("kind", "it.slow-echo")
                            .add("payload", "死前")
                            .build()
                            .toString()
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Integer> settled = settled(appid);
        while (!settled.containsKey(openid) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            settled = settled(appid);
        }
        assertEquals(Map.of(openid, 1), settled, "sent again, and counted as such");
        assertEquals(List.of("结果：死前"), texts(appid, openid));
    }

    /** openid to resent of the account's async tasks that are sent (state S). */
    private static Map<String, Integer> settled(String appid) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = TestEnv.db();
                PreparedStatement ps =
                        c.prepareStatement("SELECT openid, resent FROM async_task WHERE appid = ? AND state = 'S'")) {
            ps.setString(1, appid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    private static Delivery accepted(Delivery d) {
        assertNull(d.problem(), d.problem());
        assertEquals(200, d.status());
        return d;
    }

    private List<String> awaitTexts(String appid, String openid, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> got = texts(appid, openid);
        while (got.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            got = texts(appid, openid);
        }
        return got;
    }

    private List<String> texts(String appid, String openid) throws Exception {
        var r = new Http(base).get("/sandbox/wechat/users/" + appid + "/" + openid + "/inbox", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonArray inbox = Json.createReader(new StringReader(r.body())).readArray();
        List<String> out = new ArrayList<>();
        for (JsonValue v : inbox) {
            JsonObject m = v.asJsonObject();
            if ("kf".equals(m.getString("kind", "")) && "text".equals(m.getString("type", ""))) {
                out.add(m.getJsonObject("text").getString("content"));
            }
        }
        return out;
    }

    private String account() throws Exception {
        return TestEnv.safeAccount(new Http(base), "异步", SECRET, TOKEN, KEY);
    }
}
