package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.customerservice.agent.ChatSweeper;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * Human customer service over the console's API, in the server (SPEC §4.2): a subscriber asks for a human,
 * is claimed by exactly one agent, their messages reach the agent in order, the agent's answers reach the
 * sandbox WeChat once each, in order, within WeChat's allowance; transfer, close, 「退出」 and the idle
 * timeout end the chat and the subscriber is back with the auto-reply. Counted on the side effects: the
 * messages the sandbox WeChat delivered to each subscriber.
 */
@ExtendWith(ArquillianExtension.class)
class AgentChatIT {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "agentToken1";
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String PASSWORD = "agent-pass-123";

    @Deployment
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @Inject
    ChatSweeper sweeper;

    @Resource(lookup = "java:jboss/datasources/WxpDS")
    DataSource dataSource;

    @AfterEach
    void closeWhatIsOpen() throws Exception {
        // the queue is shared by every account: leave nobody waiting for the next test
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE cs_session SET state = 'C', closed_at = NOW(3),"
                        + " closed_by = 'test', open_key = NULL WHERE open_key IS NOT NULL")) {
            ps.executeUpdate();
        }
    }

    @Test
    void oneAgentServesTheSubscriberThenTheAutoReplyIsBack() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "人工客服", SECRET, TOKEN, KEY);
        keyword(http, appid, "营业厅", "人民路1号营业厅");
        String a1 = agent(http, "it-agent-a");
        String a2 = agent(http, "it-agent-b");
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);

        Delivery asked = wechat.send(wechat.messages().text("oChat1", "人工"));
        assertNull(asked.problem(), asked.problem());
        assertTrue(asked.content().contains("人工客服"), asked.content());
        // while waiting, messages go to the agents, not to the auto-reply (not even a keyword)
        assertSilent(wechat.send(wechat.messages().text("oChat1", "营业厅在哪里")));
        accepted(wechat.send(wechat.messages().image("oChat1", "http://127.0.0.1/p.png", "media-1")));

        long session = waitingSession(http, a1, appid, "oChat1");
        assertEquals(
                200,
                post(http, a1, "/api/console/take", "{\"session\":" + session + "}")
                        .statusCode());
        HttpResponse<String> second = post(http, a2, "/api/console/take", "{\"session\":" + session + "}");
        assertEquals(409, second.statusCode(), "a second agent never gets the same subscriber: " + second.body());

        accepted(wechat.send(wechat.messages().text("oChat1", "我的流量还剩多少")));
        assertEquals(List.of("I:营业厅在哪里", "I:http://127.0.0.1/p.png", "I:我的流量还剩多少"), lines(http, a1, session, l -> "I"
                .equals(l.getString("direction"))));

        HttpResponse<String> answer = post(
                http,
                a1,
                "/api/console/sessions/" + session + "/answers",
                "{\"clientId\":\"c-1\",\"text\":\"您好，我来查一下\"}");
        assertEquals(201, answer.statusCode(), answer.body());
        // the same click sent again (a retry after a network failure): the same line, sent once
        HttpResponse<String> again = post(
                http,
                a1,
                "/api/console/sessions/" + session + "/answers",
                "{\"clientId\":\"c-1\",\"text\":\"您好，我来查一下\"}");
        assertEquals(object(answer).getJsonNumber("id"), object(again).getJsonNumber("id"));
        assertEquals(List.of("您好，我来查一下"), awaitInbox(http, appid, "oChat1", 1));

        // transfer: never to somebody who is no agent of the console; to the second agent, after which the
        // first can no longer answer and the second can
        assertEquals(
                404,
                post(http, a1, "/api/console/sessions/" + session + "/transfer", "{\"to\":\"nobody-here\"}")
                        .statusCode());
        assertEquals(
                204,
                post(http, a1, "/api/console/sessions/" + session + "/transfer", "{\"to\":\"it-agent-b\"}")
                        .statusCode());
        assertEquals(
                409,
                post(
                                http,
                                a1,
                                "/api/console/sessions/" + session + "/answers",
                                "{\"clientId\":\"c-2\",\"text\":\"还在吗\"}")
                        .statusCode());
        assertEquals(
                201,
                post(
                                http,
                                a2,
                                "/api/console/sessions/" + session + "/answers",
                                "{\"clientId\":\"c-3\",\"text\":\"剩余 3.2 GB\"}")
                        .statusCode());
        assertEquals(
                204,
                post(http, a2, "/api/console/sessions/" + session + "/close", "")
                        .statusCode());
        List<String> inbox = awaitInbox(http, appid, "oChat1", 3);
        assertEquals("剩余 3.2 GB", inbox.get(1));
        assertTrue(inbox.get(2).contains("本次人工服务已结束"), inbox.toString());
        awaitDelivery(http, a2, session, 3);

        // back with the auto-reply
        assertEquals(
                "人民路1号营业厅",
                accepted(wechat.send(wechat.messages().text("oChat1", "营业厅"))).content());
        Thread.sleep(500);
        assertEquals(3, inbox(http, appid, "oChat1").size(), "nothing else was sent");
    }

    @Test
    void answersBeyondWeChatsAllowanceAreShownUndeliveredAndNotSent() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "人工额度", SECRET, TOKEN, KEY);
        String a1 = agent(http, "it-agent-c");
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        accepted(wechat.send(wechat.messages().text("oQuota", "人工")));
        long session = waitingSession(http, a1, appid, "oQuota");
        assertEquals(
                200,
                post(http, a1, "/api/console/take", "{\"session\":" + session + "}")
                        .statusCode());
        accepted(wechat.send(wechat.messages().text("oQuota", "在吗")));
        for (int i = 1; i <= 6; i++) {
            assertEquals(
                    201,
                    post(
                                    http,
                                    a1,
                                    "/api/console/sessions/" + session + "/answers",
                                    "{\"clientId\":\"q-" + i + "\",\"text\":\"第" + i + "条\"}")
                            .statusCode());
        }
        assertEquals(List.of("第1条", "第2条", "第3条", "第4条", "第5条"), awaitInbox(http, appid, "oQuota", 5));
        Map<String, String> delivery = awaitDelivery(http, a1, session, 6);
        assertEquals("U", delivery.get("第6条"), delivery.toString());
        assertEquals(5, delivery.values().stream().filter("D"::equals).count(), delivery.toString());
        assertEquals(0, allowance(http, a1, session), "the console shows nothing left");
        Thread.sleep(1000);
        assertEquals(5, inbox(http, appid, "oQuota").size(), "the sixth was never sent");

        // the subscriber writes again: a new allowance
        accepted(wechat.send(wechat.messages().text("oQuota", "还有问题")));
        assertEquals(5, allowance(http, a1, session));
        assertEquals(
                201,
                post(
                                http,
                                a1,
                                "/api/console/sessions/" + session + "/answers",
                                "{\"clientId\":\"q-7\",\"text\":\"请讲\"}")
                        .statusCode());
        assertEquals("请讲", awaitInbox(http, appid, "oQuota", 6).get(5));
    }

    @Test
    void twoAgentsTakingAtOnceNeverShareASubscriberAndKeepTheirMaximum() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "人工并发", SECRET, TOKEN, KEY);
        String a1 = agent(http, "it-agent-d");
        String a2 = agent(http, "it-agent-e");
        assertEquals(
                204,
                put(http, superAdmin(), "/api/console/agents/it-agent-d/max", "{\"max\":4}")
                        .statusCode());
        assertEquals(
                204,
                put(http, superAdmin(), "/api/console/agents/it-agent-e/max", "{\"max\":4}")
                        .statusCode());
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        for (int i = 0; i < 10; i++) {
            accepted(wechat.send(wechat.messages().text("oRace" + i, "人工")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<HttpResponse<String>>> takes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String who = i % 2 == 0 ? a1 : a2;
            takes.add(pool.submit(() -> post(new Http(base), who, "/api/console/take", "{}")));
        }
        Map<Long, Integer> takenTimes = new HashMap<>();
        int taken = 0;
        for (Future<HttpResponse<String>> f : takes) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 200) {
                taken++;
                takenTimes.merge(object(r).getJsonNumber("id").longValue(), 1, Integer::sum);
            } else {
                assertEquals(409, r.statusCode(), r.body());
            }
        }
        pool.shutdown();
        assertEquals(8, taken, "two agents of four slots each");
        assertTrue(takenTimes.values().stream().allMatch(n -> n == 1), takenTimes.toString());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT agent, COUNT(*) FROM cs_session WHERE appid = ?"
                        + " AND state = 'A' GROUP BY agent ORDER BY agent")) {
            ps.setString(1, appid);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, Integer> held = new HashMap<>();
                while (rs.next()) {
                    held.put(rs.getString(1), rs.getInt(2));
                }
                assertEquals(Map.of("it-agent-d", 4, "it-agent-e", 4), held);
            }
        }
        // the longest-waiting come first: the two left are the last two to ask
        JsonArray waiting = state(http, a1).getJsonArray("waiting");
        List<String> left = new ArrayList<>();
        for (JsonValue v : waiting) {
            if (appid.equals(v.asJsonObject().getString("appid"))) {
                left.add(v.asJsonObject().getString("openid"));
            }
        }
        assertEquals(List.of("oRace8", "oRace9"), left);
    }

    @Test
    void leavingAndTheIdleTimerEndTheChatAndTellTheSubscriber() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "人工超时", SECRET, TOKEN, KEY);
        keyword(http, appid, "营业时间", "营业时间 9:00-18:00");
        String a1 = agent(http, "it-agent-f");
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);

        accepted(wechat.send(wechat.messages().text("oLeave", "人工")));
        assertTrue(accepted(wechat.send(wechat.messages().text("oLeave", "退出")))
                .content()
                .contains("退出人工客服"));
        assertEquals(
                "营业时间 9:00-18:00",
                accepted(wechat.send(wechat.messages().text("oLeave", "营业时间"))).content());

        accepted(wechat.send(wechat.messages().text("oIdle", "人工")));
        accepted(wechat.send(wechat.messages().text("oWait", "人工")));
        long idle = waitingSession(http, a1, appid, "oIdle");
        assertEquals(
                200,
                post(http, a1, "/api/console/take", "{\"session\":" + idle + "}")
                        .statusCode());

        // eleven minutes later: the silent chat is closed, the one still waiting is told once to leave a message
        Instant later = Instant.now().plusSeconds(660);
        ChatSweeper.Swept swept = sweeper.sweep(later);
        assertTrue(swept.closedIdle() >= 1, swept.toString());
        sweeper.sweep(later.plusSeconds(1));
        List<String> idleInbox = awaitInbox(http, appid, "oIdle", 1);
        assertTrue(idleInbox.get(0).contains("长时间没有收到您的消息"), idleInbox.toString());
        List<String> waitInbox = awaitInbox(http, appid, "oWait", 1);
        assertTrue(waitInbox.get(0).contains("留言"), waitInbox.toString());
        Thread.sleep(1000);
        assertEquals(1, inbox(http, appid, "oWait").size(), "told once");
        assertEquals(
                "营业时间 9:00-18:00",
                accepted(wechat.send(wechat.messages().text("oIdle", "营业时间"))).content());
        // the waiting subscriber's message is kept for the agent
        assertSilent(wechat.send(wechat.messages().text("oWait", "我的宽带坏了")));
        long waiting = waitingSession(http, a1, appid, "oWait");
        assertEquals(List.of("I:我的宽带坏了"), lines(http, a1, waiting, l -> "I".equals(l.getString("direction"))));
    }

    // ---- helpers

    static Delivery accepted(Delivery d) {
        assertNull(d.problem(), d.problem());
        assertEquals(200, d.status());
        return d;
    }

    /** Answered {@code success}: the agents answer, not the callback. */
    static void assertSilent(Delivery d) {
        accepted(d);
        assertTrue(d.content() == null || d.content().isEmpty(), "answered " + d.content());
    }

    static String superAdmin() {
        return Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
    }

    /** An AGENT user (created once); answers its Basic credentials. */
    static String agent(Http http, String username) throws Exception {
        HttpResponse<String> r = http.json(
                "PUT",
                "/api/admin/users/" + username,
                superAdmin(),
                "{\"password\":\"" + PASSWORD + "\",\"role\":\"AGENT\"}");
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201 || r.statusCode() == 204, r.body());
        return Http.basic(username, PASSWORD);
    }

    static void keyword(Http http, String appid, String keyword, String text) throws Exception {
        String body = Json.createObjectBuilder()
                .add("keyword", keyword)
                .add("match", "contains")
                .add(
                        "contents",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("type", "text")
                                        .add("text", text)))
                .build()
                .toString();
        HttpResponse<String> r = http.json("POST", "/api/admin/accounts/" + appid + "/autoreplies", superAdmin(), body);
        assertEquals(201, r.statusCode(), r.body());
    }

    static HttpResponse<String> post(Http http, String who, String path, String body) throws Exception {
        return http.json("POST", path, who, body);
    }

    static HttpResponse<String> put(Http http, String who, String path, String body) throws Exception {
        return http.json("PUT", path, who, body);
    }

    static JsonObject object(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    static JsonObject state(Http http, String who) throws Exception {
        HttpResponse<String> r = http.get("/api/console/state", who);
        assertEquals(200, r.statusCode(), r.body());
        return object(r);
    }

    static long waitingSession(Http http, String who, String appid, String openid) throws Exception {
        for (JsonValue v : state(http, who).getJsonArray("waiting")) {
            JsonObject c = v.asJsonObject();
            if (appid.equals(c.getString("appid")) && openid.equals(c.getString("openid"))) {
                return c.getJsonNumber("id").longValue();
            }
        }
        throw new AssertionError(openid + " is not waiting");
    }

    static int allowance(Http http, String who, long session) throws Exception {
        for (JsonValue v : state(http, who).getJsonArray("mine")) {
            JsonObject c = v.asJsonObject();
            if (c.getJsonNumber("id").longValue() == session) {
                return c.getJsonObject("allowance").getInt("remaining");
            }
        }
        throw new AssertionError("session " + session + " is not held");
    }

    static JsonArray rawLines(Http http, String who, long session) throws Exception {
        HttpResponse<String> r = http.get("/api/console/sessions/" + session + "/lines", who);
        assertEquals(200, r.statusCode(), r.body());
        return object(r).getJsonArray("lines");
    }

    static List<String> lines(Http http, String who, long session, Predicate<JsonObject> which) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonValue v : rawLines(http, who, session)) {
            JsonObject l = v.asJsonObject();
            if (which.test(l)) {
                out.add(l.getString("direction") + ":" + l.getString("content"));
            }
        }
        return out;
    }

    /** Waits until {@code count} answers and notices are settled; answers content → delivery. */
    static Map<String, String> awaitDelivery(Http http, String who, long session, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Map<String, String> settled = new HashMap<>();
            for (JsonValue v : rawLines(http, who, session)) {
                JsonObject l = v.asJsonObject();
                String d = l.getString("delivery", "");
                if (!d.isEmpty() && !"P".equals(d)) {
                    settled.put(l.getString("content"), d);
                }
            }
            if (settled.size() >= count || System.nanoTime() > deadline) {
                return settled;
            }
            Thread.sleep(200);
        }
    }

    static List<String> awaitInbox(Http http, String appid, String openid, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> got = inbox(http, appid, openid);
        while (got.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            got = inbox(http, appid, openid);
        }
        return got;
    }

    /** The kf texts the sandbox WeChat delivered to the subscriber, in the order it received them. */
    static List<String> inbox(Http http, String appid, String openid) throws Exception {
        HttpResponse<String> r = http.get("/sandbox/wechat/users/" + appid + "/" + openid + "/inbox", null);
        assertEquals(200, r.statusCode(), r.body());
        List<JsonObject> entries = new ArrayList<>();
        for (JsonValue v : Json.createReader(new StringReader(r.body())).readArray()) {
            JsonObject m = v.asJsonObject();
            if ("kf".equals(m.getString("kind", "")) && "text".equals(m.getString("type", ""))) {
                entries.add(m);
            }
        }
        entries.sort((x, y) -> Long.compare(
                x.getJsonNumber("seq").longValue(), y.getJsonNumber("seq").longValue()));
        List<String> out = new ArrayList<>();
        for (JsonObject m : entries) {
            out.add(m.getJsonObject("text").getString("content"));
        }
        return out;
    }
}
