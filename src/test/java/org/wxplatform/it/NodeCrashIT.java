package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.wxplatform.it.async.SlowEcho;
import org.wxplatform.it.tx.OrderText;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;
import redis.clients.jedis.Jedis;

/**
 * Exactly once across a crash: two product nodes in their own JVMs share a database, Redis and a
 * RabbitMQ virtual host of their own. Node A starts first, so it holds every queue (single active
 * consumers). 80 subscribers ask a slow question (an async reply, SPEC §1.7, 1.5 s of work each) and 500
 * order a data package (SPEC §3.5), each request delivered 1-3 times to either node (WeChat's retries
 * behind a load balancer); A is killed with SIGKILL while it works through both queues. The carrier
 * simulator must have executed exactly 500 orders, one per number; every orderer must have one outcome
 * message and every slow asker exactly one answer, a second one only where the product recorded that the
 * killed node died between WeChat taking that message and recording it; the slow questions are answered in the callback in
 * under 200 ms (p95, after a warm-up of both JVMs), none anywhere near the 1.5 s its work takes.
 */
class NodeCrashIT {

    static final int ASKERS = 80;

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "crashToken1";
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final int USERS = Integer.getInteger("wxp.crash.users", 500);

    @Test
    void fiveHundredOrdersWithRetriesAndAKilledConsumerAreExecutedExactlyOnce() throws Exception {
        String db = System.getenv("WXP_CRASH_DB_URL");
        String redisUrl = System.getenv("WXP_CRASH_REDIS_URL");
        String rabbit = System.getenv("WXP_CRASH_RABBIT_URL");
        if (!(db != null && redisUrl != null && rabbit != null)) {
            TestEnv.cannotRun(
                    "NodeCrashIT",
                    "WXP_CRASH_DB_URL, WXP_CRASH_REDIS_URL and WXP_CRASH_RABBIT_URL are set by scripts/test");
        }
        try (Jedis jedis = new Jedis(URI.create(redisUrl))) {
            jedis.flushDB();
        }
        int offset = Integer.getInteger("wxp.it.offset", 100);
        int offsetA = offset + 250;
        int offsetB = offset + 260;
        String sandbox = "http://127.0.0.1:" + (8080 + offsetB) + "/sandbox";
        Map<String, String> env = new HashMap<>();
        env.put("WXP_DB_URL", db);
        env.put("WXP_REDIS_URL", redisUrl);
        env.put("WXP_RABBIT_URL", rabbit);
        env.put("WXP_SANDBOX", "true");
        env.put("WXP_ADMIN_USER", TestEnv.ADMIN);
        env.put("WXP_ADMIN_PASSWORD", TestEnv.adminPassword());
        // both nodes reach WeChat and the carrier through the survivor's sandbox (its state is in Redis)
        env.put("WXP_WECHAT_API_BASE", sandbox + "/wechat/api");
        env.put("WXP_CARRIER_WSDL_URL", sandbox + "/carrier/soap?wsdl");
        env.put("WXP_CARRIER_TX_RATE", "40");

        File war = new File("target/nodes/crash.war");
        war.getParentFile().mkdirs();
        Deployments.product()
                .addClasses(OrderText.class, SlowEcho.class, SlowEcho.Responder.class, SlowEcho.Handler.class)
                .as(ZipExporter.class)
                .exportTo(war, true);

        // A first: it becomes the single active consumer of every transaction queue
        try (ProductNode a = ProductNode.start("crash-a", offsetA, war, env, Duration.ofMinutes(4));
                ProductNode b = ProductNode.start("crash-b", offsetB, war, env, Duration.ofMinutes(4))) {
            HttpClient http = HttpClient.newHttpClient();
            String appid = account(http, a.baseUrl());
            post(http, sandbox + "/carrier/control/reset", "{}");
            post(http, sandbox + "/carrier/control", "{\"orderLatencyMinMs\":150,\"orderLatencyMaxMs\":400}");

            CallbackSimulator toA = new CallbackSimulator(a.baseUrl(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
            CallbackSimulator toB = new CallbackSimulator(b.baseUrl(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
            Random random = new Random(42);
            List<String> phones = new ArrayList<>();
            List<String> xmls = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String phone = String.format("137%08d", 10_000_001 + i * 7919);
                phones.add(phone);
                xmls.add(toA.messages().text("oCrash" + i, OrderText.PREFIX + phone + " DATA_M_500M"));
            }

            // warm-up, not measured: the first callbacks of a fresh JVM include class loading and JIT
            for (int i = 0; i < 6; i++) {
                CallbackSimulator node = i % 2 == 0 ? toA : toB;
                Delivery w = node.send(toA.messages().text("oWarm" + i, SlowEcho.PREFIX + " 热身" + i));
                assertTrue(w.problem() == null, "warm-up " + i + ": " + w.problem());
            }

            // the slow questions first: each answered at once, the work queued on A
            List<Long> ackMillis = new ArrayList<>();
            for (int i = 0; i < ASKERS; i++) {
                String xml = toA.messages().text("oAsk" + i, SlowEcho.PREFIX + " 第" + i + "问");
                CallbackSimulator first = i % 2 == 0 ? toA : toB;
                Delivery d = first.send(xml);
                assertTrue(d.problem() == null, "slow question " + i + ": " + d.problem());
                assertEquals(SlowEcho.ACK, d.content());
                ackMillis.add(d.latency().toMillis());
                if (i % 3 == 0) {
                    (first == toA ? toB : toA).send(xml); // WeChat's retry, through the other node
                }
            }
            ackMillis.sort(null);
            long ackP99 = ackMillis.get((int) Math.ceil(ackMillis.size() * 0.99) - 1);
            long ackP95 = ackMillis.get((int) Math.ceil(ackMillis.size() * 0.95) - 1);

            AtomicInteger failedBeforeKill = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(24);
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String xml = xmls.get(i);
                int times = 1 + random.nextInt(3);
                boolean first = random.nextBoolean();
                sent.add(pool.submit(() -> {
                    for (int t = 0; t < times; t++) {
                        CallbackSimulator node = (t % 2 == 0) == first ? toA : toB;
                        if (node == toA && !a.alive()) {
                            node = toB;
                        }
                        Delivery d = node.send(xml);
                        if (d.problem() != null && a.alive()) {
                            failedBeforeKill.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            // kill A once it is well into the work
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (executed(http, sandbox) < USERS / 5 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            int atKill = executed(http, sandbox);
            int answeredAtKill = answered(http, sandbox, appid);
            a.kill();
            for (Future<?> f : sent) {
                f.get();
            }
            pool.shutdown();
            // WeChat retries some messages once more, now through the survivor
            for (int i = 0; i < USERS; i += 10) {
                toB.send(xmls.get(i));
            }
            assertEquals(0, failedBeforeKill.get(), "callbacks failed while both nodes were up");

            deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            int done = 0;
            while (System.nanoTime() < deadline) {
                done = executed(http, sandbox);
                if (done >= USERS
                        && told(http, sandbox, appid, USERS) >= USERS
                        && answered(http, sandbox, appid) >= ASKERS) {
                    break;
                }
                Thread.sleep(500);
            }
            Thread.sleep(3000);
            JsonObject orders = orders(http, sandbox);
            System.out.println("NODE-CRASH killed " + a.name() + " with " + atKill + " orders executed and "
                    + answeredAtKill + " of " + ASKERS + " slow questions answered; carrier executed "
                    + orders.getInt("executed") + " of " + USERS + ", submissions " + orders.getInt("submissions")
                    + ", duplicate submissions " + orders.getInt("duplicates") + "; slow-question callbacks p95 "
                    + ackP95
                    + " ms, p99 "
                    + ackP99 + " ms, max " + ackMillis.get(ackMillis.size() - 1) + " ms");
            assertTrue(answeredAtKill < ASKERS, "the kill came before the slow work was done");
            // 80 samples: p99 is the slowest one, so the bound is on p95, and every answer comes far
            // sooner than the 1.5 s of work it would take if the work were done in the callback
            assertTrue(ackP95 < 200, "slow questions answered in the callback within " + ackP95 + " ms (p95)");
            assertTrue(
                    ackMillis.get(ackMillis.size() - 1) < 1000,
                    "every slow question answered before its work could be done: " + ackMillis);
            assertEquals(
                    USERS, orders.getInt("executed"), "orders executed by the carrier: " + orders.getInt("executed"));
            Map<String, Integer> perPhone = new HashMap<>();
            for (JsonValue v : orders.getJsonArray("orders")) {
                JsonObject o = v.asJsonObject();
                perPhone.merge(o.getString("phone"), 1, Integer::sum);
                assertTrue(o.getBoolean("success"), o.toString());
            }
            for (String p : phones) {
                assertEquals(1, perPhone.getOrDefault(p, 0), "orders for " + p);
            }
            // the one double a crash can cause (WeChat's send APIs take no idempotency key): the node died
            // after WeChat accepted a message and before recording it. The product records every send's
            // intent first, so each such re-send is counted and alerted; any other double is a bug. A node
            // has at most one send in flight per async shard and per transaction consumer thread.
            Map<String, Integer> resent = resentAnswers(db);
            Map<String, Integer> retold = retoldOutcomes(db, appid);
            int doubles = 0;
            for (int i = 0; i < USERS; i++) {
                String openid = "oCrash" + i;
                int told = templates(http, sandbox, appid, openid);
                int allowed = 1 + retold.getOrDefault(openid, 0);
                assertTrue(told >= 1 && told <= allowed, "outcomes told to " + openid + ": " + told);
                doubles += told - 1;
            }
            for (int i = 0; i < ASKERS; i++) {
                String openid = "oAsk" + i;
                List<String> answers = kfTexts(http, sandbox, appid, openid);
                int allowed = 1 + resent.getOrDefault(openid, 0);
                assertTrue(
                        !answers.isEmpty() && answers.size() <= allowed,
                        "answers to " + openid + ": " + answers + " (re-sent after the kill: " + (allowed - 1) + ")");
                assertEquals(Set.of("结果：" + SlowEcho.PREFIX + " 第" + i + "问"), Set.copyOf(answers), openid);
                doubles += answers.size() - 1;
            }
            int inFlight = resent.values().stream().mapToInt(Integer::intValue).sum()
                    + retold.values().stream().mapToInt(Integer::intValue).sum();
            System.out.println("NODE-CRASH sends in flight at the kill, sent again: " + inFlight
                    + ", messages a subscriber got twice: " + doubles);
            assertTrue(inFlight <= 16, "sends re-done after the kill: " + resent + " " + retold);
        }
    }

    /** Per asker: pushes re-sent because the node sending them died before recording them. */
    private static Map<String, Integer> resentAnswers(String db) throws Exception {
        return counts(db, "SELECT openid, resent FROM async_task WHERE resent > 0", null);
    }

    /** Per orderer: outcome messages told again because the teller died while telling them. */
    private static Map<String, Integer> retoldOutcomes(String db, String appid) throws Exception {
        return counts(
                db, "SELECT openid, notify_retaken FROM biz_transaction WHERE appid = ? AND notify_retaken > 0", appid);
    }

    private static Map<String, Integer> counts(String db, String sql, String appid) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(
                        db, System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (appid != null) {
                ps.setString(1, appid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.merge(rs.getString(1), rs.getInt(2), Integer::sum);
                }
            }
        }
        return out;
    }

    private static int executed(HttpClient http, String sandbox) throws Exception {
        return orders(http, sandbox).getInt("executed");
    }

    private static JsonObject orders(HttpClient http, String sandbox) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(sandbox + "/carrier/control/orders"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private static int told(HttpClient http, String sandbox, String appid, int users) throws Exception {
        int n = 0;
        for (int i = 0; i < users; i++) {
            if (templates(http, sandbox, appid, "oCrash" + i) > 0) {
                n++;
            } else {
                return n;
            }
        }
        return n;
    }

    private static int answered(HttpClient http, String sandbox, String appid) throws Exception {
        int n = 0;
        for (int i = 0; i < ASKERS; i++) {
            if (!kfTexts(http, sandbox, appid, "oAsk" + i).isEmpty()) {
                n++;
            }
        }
        return n;
    }

    private static List<String> kfTexts(HttpClient http, String sandbox, String appid, String openid) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonValue v : inbox(http, sandbox, appid, openid)) {
            JsonObject m = v.asJsonObject();
            if ("kf".equals(m.getString("kind", "")) && "text".equals(m.getString("type", ""))) {
                out.add(m.getJsonObject("text").getString("content"));
            }
        }
        return out;
    }

    private static int templates(HttpClient http, String sandbox, String appid, String openid) throws Exception {
        int n = 0;
        for (JsonValue v : inbox(http, sandbox, appid, openid)) {
            if ("template".equals(v.asJsonObject().getString("kind", ""))) {
                n++;
            }
        }
        return n;
    }

    private static JsonArray inbox(HttpClient http, String sandbox, String appid, String openid) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(sandbox + "/wechat/users/" + appid + "/" + openid + "/inbox"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readArray();
    }

    private static void post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
    }

    private static String account(HttpClient http, String base) throws Exception {
        return account(http, base, "崩溃测试", TOKEN);
    }

    /** A fresh safe-mode account on a node started by a crash test, known to its sandbox WeChat too. */
    static String account(HttpClient http, String base, String name, String token) throws Exception {
        String appid = TestEnv.newAppid();
        String body = Json.createObjectBuilder()
                .add("name", name)
                .add("secret", SECRET)
                .add("token", token)
                .add("aesKey", KEY)
                .add("mode", "safe")
                .build()
                .toString();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/admin/accounts/" + appid))
                        .header("Content-Type", "application/json")
                        .header("Authorization", Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()))
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        // WeChat's side knows the account too (the sandbox issues its tokens and records what users get)
        r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/sandbox/wechat/accounts/" + appid))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return appid;
    }
}
