package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A push across a killed node and a restart (SPEC §10): two product nodes in their own JVMs share a
 * database, Redis and a RabbitMQ virtual host; node B also plays WeChat (its sandbox). A push of {@code
 * wxp.push.crash.numbers} (2,000) numbers, 80 % bound, runs at 50 a second on both nodes' consumers; node A
 * is killed with SIGKILL once the sandbox has half of the messages and started again at three quarters.
 * The sandbox must count exactly one message for every bound number and none for any other: the batches
 * A held go back to the queue, a send A made without recording its answer is recognised by its receipt
 * (matched by openid and time) and one A claimed without sending is sent again once no receipt came.
 */
class PushCrashIT {

    static final int NUMBERS = Integer.getInteger("wxp.push.crash.numbers", 2000);
    static final int RATE = 50;

    @Test
    void aNodeKilledAtHalfAndRestartedAtThreeQuartersChangesNothingInTheCount() throws Exception {
        String db = System.getenv("WXP_CRASH_DB_URL");
        String redisUrl = System.getenv("WXP_CRASH_REDIS_URL");
        String rabbit = System.getenv("WXP_CRASH_RABBIT_URL");
        if (!(db != null && redisUrl != null && rabbit != null)) {
            TestEnv.cannotRun(
                    "PushCrashIT",
                    "WXP_CRASH_DB_URL, WXP_CRASH_REDIS_URL and WXP_CRASH_RABBIT_URL are set by scripts/test");
        }
        try (Jedis jedis = new Jedis(URI.create(redisUrl))) {
            jedis.flushDB();
        }
        int offset = Integer.getInteger("wxp.it.offset", 100);
        int offsetA = offset + 230;
        int offsetB = offset + 240;
        String sandbox = "http://127.0.0.1:" + (8080 + offsetB) + "/sandbox";
        Map<String, String> env = new HashMap<>();
        env.put("WXP_DB_URL", db);
        env.put("WXP_REDIS_URL", redisUrl);
        env.put("WXP_RABBIT_URL", rabbit);
        env.put("WXP_SANDBOX", "true");
        env.put("WXP_ADMIN_USER", TestEnv.ADMIN);
        env.put("WXP_ADMIN_PASSWORD", TestEnv.adminPassword());
        env.put("WXP_WECHAT_API_BASE", sandbox + "/wechat/api");
        env.put("WXP_CARRIER_WSDL_URL", sandbox + "/carrier/soap?wsdl");
        env.put("WXP_PUSH_INDOUBT_SECONDS", "20");
        File war = new File("target/nodes/push-crash.war");
        war.getParentFile().mkdirs();
        Deployments.product().as(ZipExporter.class).exportTo(war, true);

        HttpClient http = HttpClient.newHttpClient();
        ProductNode a = ProductNode.start("push-a", offsetA, war, env, Duration.ofMinutes(4));
        try (ProductNode b = ProductNode.start("push-b", offsetB, war, env, Duration.ofMinutes(4))) {
            String appid = NodeCrashIT.account(http, a.baseUrl(), "推送崩溃测试", "pushCrashToken");
            long phoneBase = 5_000_000_000L + (System.nanoTime() % 1_000_000) * 1000;
            List<String> bound = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(
                            db, System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
                    PreparedStatement ps = c.prepareStatement("INSERT INTO bind (appid, openid, phone, state, channel,"
                            + " bound_at) VALUES (?, ?, ?, 'B', 'WECHAT', ?)")) {
                for (int i = 0; i < NUMBERS; i++) {
                    if (i % 5 == 4) {
                        continue;
                    }
                    String openid = "tCrash_" + i;
                    ps.setString(1, appid);
                    ps.setString(2, openid);
                    ps.setString(3, Long.toString(13_000_000_000L + phoneBase + i));
                    ps.setTimestamp(4, Timestamp.from(Instant.now()));
                    ps.addBatch();
                    bound.add(openid);
                }
                ps.executeBatch();
            }
            String sa = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
            send(http, "POST", a.baseUrl() + "/api/admin/pushes/templates/sync?appid=" + appid, sa, null, 200);
            StringBuilder file = new StringBuilder();
            for (int i = 0; i < NUMBERS; i++) {
                file.append(13_000_000_000L + phoneBase + i)
                        .append(",TX")
                        .append(i)
                        .append('\n');
            }
            String data = "{\"thing1\":\"10元100M流量包\",\"time2\":\"2026年12月3日 15:01\","
                    + "\"phone_number3\":\"10086\",\"phrase5\":\"已生效\"}";
            JsonObject push = send(
                    http,
                    "POST",
                    a.baseUrl() + "/api/admin/pushes?appid=" + appid
                            + "&templateId=sbxBusinessDone0000000000000000000000000001&columns=character_string4&rate="
                            + RATE + "&data=" + URLEncoder.encode(data, StandardCharsets.UTF_8),
                    sa,
                    file.toString(),
                    201);
            long id = push.getJsonNumber("id").longValue();
            assertEquals(bound.size(), push.getInt("targets"));
            send(http, "POST", a.baseUrl() + "/api/admin/pushes/" + id + "/start", sa, null, 200);

            int atKill = waitForSent(http, sandbox, appid, bound.size() / 2, Duration.ofSeconds(120));
            a.kill();
            int atRestart = waitForSent(http, sandbox, appid, bound.size() * 3 / 4, Duration.ofSeconds(180));
            a = ProductNode.start("push-a", offsetA, war, env, Duration.ofMinutes(4));

            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            JsonObject v = null;
            while (System.nanoTime() < deadline) {
                v = send(http, "GET", b.baseUrl() + "/api/admin/pushes/" + id, sa, null, 200);
                if (v.getString("state").equals("FINISHED")) {
                    break;
                }
                Thread.sleep(1000);
            }
            assertEquals("FINISHED", v.getString("state"), String.valueOf(v));
            Thread.sleep(2000);
            JsonObject counts =
                    send(http, "GET", sandbox + "/wechat/control/" + appid + "/templates-sent/counts", null, null, 200);
            System.out.println("PUSH-CRASH killed push-a with " + atKill + " of " + bound.size()
                    + " received, restarted it at " + atRestart + "; sent " + v.getJsonNumber("sent")
                    + ", resent after a doubt "
                    + v.getJsonNumber("resent") + ", sandbox received " + counts.size() + " distinct");
            assertEquals(new HashSet<>(bound), counts.keySet(), "exactly the bound subscribers");
            int twice = 0;
            for (String openid : bound) {
                twice += counts.getInt(openid) == 1 ? 0 : 1;
            }
            assertEquals(0, twice, "no subscriber got the push twice");
            assertEquals(bound.size(), v.getJsonNumber("sent").longValue(), v.toString());
            assertTrue(atKill < bound.size() && atRestart < bound.size(), "the kill and the restart came mid-push");
        } finally {
            a.close();
        }
    }

    static int waitForSent(HttpClient http, String sandbox, String appid, int n, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        int sent = 0;
        while (System.nanoTime() < deadline) {
            sent = send(http, "GET", sandbox + "/wechat/control/" + appid + "/templates-sent", null, null, 200)
                    .getInt("sent");
            if (sent >= n) {
                return sent;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the sandbox got " + sent + " of " + n + " within " + limit);
    }

    static JsonObject send(HttpClient http, String method, String url, String auth, String body, int status)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (body != null) {
            b.header("Content-Type", "text/csv");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(status, r.statusCode(), url + ": " + r.body());
        String text = r.body().strip();
        return Json.createReader(new StringReader(text.startsWith("[") ? "{\"list\":" + text + "}" : text))
                .readObject();
    }
}
