package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
import redis.clients.jedis.Jedis;

/**
 * 10,000 grabs of 100 packets against two product nodes sharing MySQL and Redis, one killed with SIGKILL
 * in the middle (SPEC §5.3). Grabs go to a packet's node (sticky by packet id) and to the survivor once it
 * is gone; a request the kill cut off has no answer ("lost") and is asked again on the survivor. The
 * client keeps every answer; afterwards every packet's expiry is forced and refunds run. Checked by
 * counting the ledger and balances: no packet pays more than its total, grabbed + refunded = sent, every
 * refund is the remainder, every GOT is the grab the ledger paid, no refused answer was paid, and a
 * repeat answer only follows a lost request (the one way a paid grab can go untold).
 */
class GrabCrashIT {

    static final int PACKETS = 100;
    static final int SHARES = 100;
    static final int USERS = 1000;
    static final int GRABS_PER_USER = 12;

    record Answer(String openid, long packet, String outcome, int amount, boolean repeat) {}

    @Test
    void tenThousandGrabsOverTwoNodesWithOneKilledNeverOverdraw() throws Exception {
        String db = System.getenv("WXP_CRASH_DB_URL");
        String redisUrl = System.getenv("WXP_CRASH_REDIS_URL");
        String rabbit = System.getenv("WXP_CRASH_RABBIT_URL");
        if (!(db != null && redisUrl != null && rabbit != null)) {
            TestEnv.cannotRun(
                    "GrabCrashIT",
                    "WXP_CRASH_DB_URL, WXP_CRASH_REDIS_URL and WXP_CRASH_RABBIT_URL are set by scripts/test");
        }
        try (Jedis jedis = new Jedis(URI.create(redisUrl))) {
            jedis.flushDB();
        }
        int offset = Integer.getInteger("wxp.it.offset", 100);
        int offsetA = offset + 270;
        int offsetB = offset + 280;
        String sandbox = "http://127.0.0.1:" + (8080 + offsetB) + "/sandbox";
        Map<String, String> env = new HashMap<>();
        env.put("WXP_DB_URL", db);
        env.put("WXP_REDIS_URL", redisUrl);
        env.put("WXP_RABBIT_URL", rabbit);
        env.put("WXP_SANDBOX", "true");
        env.put("WXP_REDPACKET_BENCH", "true");
        env.put("WXP_ADMIN_USER", TestEnv.ADMIN);
        env.put("WXP_ADMIN_PASSWORD", TestEnv.adminPassword());
        env.put("WXP_WECHAT_API_BASE", sandbox + "/wechat/api");
        env.put("WXP_CARRIER_WSDL_URL", sandbox + "/carrier/soap?wsdl");
        File war = new File("target/nodes/grab-crash.war");
        war.getParentFile().mkdirs();
        Deployments.product().as(ZipExporter.class).exportTo(war, true);

        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try (ProductNode a = ProductNode.start("grab-a", offsetA, war, env, Duration.ofMinutes(4));
                ProductNode b = ProductNode.start("grab-b", offsetB, war, env, Duration.ofMinutes(4))) {
            String appid = TestEnv.newAppid();
            List<Long> packets = new ArrayList<>();
            Map<Long, Integer> totals = new HashMap<>();
            long sent = 0;
            for (int s = 0; s < 10; s++) {
                String sender = "oSender" + s;
                bench(http, a.baseUrl(), "fund", "appid=" + appid + "&openid=" + sender + "&mb=5000&key=fund" + s);
                for (int p = 0; p < PACKETS / 10; p++) {
                    int total = 150 + 10 * p;
                    JsonObject r = bench(
                            http,
                            b.baseUrl(),
                            "send",
                            "appid=" + appid + "&openid=" + sender + "&kind=RANDOM&amount=" + total + "&count=" + SHARES
                                    + "&key=send" + s + "x" + p);
                    long id = r.getJsonNumber("packet").longValue();
                    packets.add(id);
                    totals.put(id, total);
                    sent += total;
                }
            }
            Random random = new Random(29);
            List<String[]> work = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                List<Long> mine = new ArrayList<>(packets);
                Collections.shuffle(mine, random);
                for (int i = 0; i < GRABS_PER_USER; i++) {
                    work.add(new String[] {"oGrab" + u, Long.toString(mine.get(i))});
                }
            }
            Collections.shuffle(work, random);
            List<Answer> log = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger finished = new AtomicInteger();
            AtomicInteger lost = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(48);
            List<Future<?>> done = new ArrayList<>();
            for (String[] w : work) {
                done.add(pool.submit(() -> {
                    long packet = Long.parseLong(w[1]);
                    for (int attempt = 0; attempt < 600; attempt++) {
                        ProductNode node = packet % 2 == 0 && a.alive() ? a : b;
                        JsonObject r;
                        try {
                            r = grab(http, node.baseUrl(), appid, w[0], packet);
                        } catch (Exception cutOff) {
                            log.add(new Answer(w[0], packet, "LOST", 0, false));
                            lost.incrementAndGet();
                            Thread.sleep(50);
                            continue;
                        }
                        Answer ans = new Answer(
                                w[0], packet, r.getString("outcome"), r.getInt("amountMb"), r.getBoolean("repeat"));
                        log.add(ans);
                        if (!"BUSY".equals(ans.outcome())) {
                            finished.incrementAndGet();
                            return null;
                        }
                        Thread.sleep(20 + Math.min(attempt, 100));
                    }
                    throw new AssertionError("no answer after 600 tries: " + w[0] + " " + w[1]);
                }));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (finished.get() < work.size() * 3 / 10 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            int atKill = finished.get();
            a.kill();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();

            Map<String, Answer> finals = new HashMap<>();
            Set<String> wasLost = new HashSet<>();
            for (Answer ans : log) {
                String key = ans.openid() + "/" + ans.packet();
                if ("LOST".equals(ans.outcome())) {
                    wasLost.add(key);
                }
                if ("GOT".equals(ans.outcome()) && ans.repeat()) {
                    assertTrue(wasLost.contains(key), "a repeat answer without a lost request before it: " + ans);
                }
                if (!"BUSY".equals(ans.outcome()) && !"LOST".equals(ans.outcome())) {
                    assertTrue(finals.put(key, ans) == null, "two final answers: " + ans);
                }
            }
            assertEquals(work.size(), finals.size());

            for (long p : packets) {
                bench(http, b.baseUrl(), "expire", "appid=" + appid + "&packet=" + p);
            }
            bench(http, b.baseUrl(), "refund", "");
            long grabbedMb = 0;
            long refundedMb = 0;
            try (Connection c =
                    DriverManager.getConnection(db, System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"))) {
                Map<String, Integer> paid = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT openid, packet_id, amount_mb FROM rp_grab WHERE appid = ? AND openid LIKE 'oGrab%'")) {
                    ps.setString(1, appid);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            paid.put(rs.getString(1) + "/" + rs.getLong(2), rs.getInt(3));
                        }
                    }
                }
                for (var e : finals.entrySet()) {
                    Integer p = paid.get(e.getKey());
                    if ("GOT".equals(e.getValue().outcome())) {
                        assertEquals(e.getValue().amount(), p, "paid what the answer said: " + e.getKey());
                    } else {
                        assertEquals(null, p, "refused (" + e.getValue().outcome() + ") and paid: " + e.getKey());
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, total_mb, taken_mb, refunded_mb, state FROM rp_packet WHERE appid = ? AND kind = 'RANDOM'")) {
                    ps.setString(1, appid);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            long total = rs.getLong(2);
                            long taken = rs.getLong(3);
                            long refunded = rs.getLong(4);
                            assertEquals((long) totals.get(id), total);
                            assertTrue(taken <= total, "packet " + id + " paid " + taken + " of " + total);
                            assertFalse("O".equals(rs.getString(5)), "packet " + id + " resolved");
                            assertEquals(total - taken, refunded, "packet " + id + ": the refund is the remainder");
                            long fromGrabs = paid.entrySet().stream()
                                    .filter(e -> e.getKey().endsWith("/" + id))
                                    .mapToLong(Map.Entry::getValue)
                                    .sum();
                            assertEquals(fromGrabs, taken, "packet " + id);
                            grabbedMb += taken;
                            refundedMb += refunded;
                        }
                    }
                }
                assertEquals(sent, grabbedMb + refundedMb, "everything sent was grabbed or refunded");
                assertEquals(
                        grabbedMb,
                        sum(
                                c,
                                "SELECT SUM(amount_mb) FROM rp_ledger WHERE appid = ? AND holder = 'U'"
                                        + " AND kind = 'GRAB' AND openid LIKE 'oGrab%'",
                                appid));
                assertEquals(
                        refundedMb,
                        sum(
                                c,
                                "SELECT SUM(amount_mb) FROM rp_ledger WHERE appid = ? AND holder = 'U'"
                                        + " AND kind = 'REFUND'",
                                appid));
                assertEquals(
                        -sent,
                        sum(
                                c,
                                "SELECT SUM(amount_mb) FROM rp_ledger WHERE appid = ? AND holder = 'U'"
                                        + " AND kind = 'SEND'",
                                appid));
                assertEquals(
                        grabbedMb,
                        sum(
                                c,
                                "SELECT SUM(balance_mb) FROM rp_account WHERE appid = ?" + " AND openid LIKE 'oGrab%'",
                                appid));
            }
            JsonObject rec = bench(http, b.baseUrl(), "reconcile", "");
            assertTrue(rec.getBoolean("clean"), rec.toString());
            System.out.println("GRAB-CRASH killed " + a.name() + " after " + atKill + " of " + work.size()
                    + " grabs answered; " + lost.get() + " requests cut off and asked again; " + grabbedMb
                    + " MB grabbed + " + refundedMb + " MB refunded = " + sent + " MB sent");
        }
    }

    private static JsonObject grab(HttpClient http, String base, String appid, String openid, long packet)
            throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/h5/redpacket/bench/grab?appid=" + appid + "&packet=" + packet
                                + "&openid=" + openid))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new java.io.IOException("status " + r.statusCode() + ": " + r.body());
        }
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private static JsonObject bench(HttpClient http, String base, String call, String query) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/h5/redpacket/bench/" + call + "?" + query))
                        .timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), call + ": " + r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private static long sum(Connection c, String sql, String param) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
