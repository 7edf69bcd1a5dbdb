package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;
import redis.clients.jedis.Jedis;

/**
 * The user log's write-behind across a crash (SPEC §7.1): two product nodes in their own JVMs share a
 * database, Redis and a RabbitMQ virtual host. 3,000 subscribers each send one message (a text, or every
 * tenth a menu click), delivered 1-2 times to either node by 24 senders at once; node A is killed with
 * SIGKILL in the middle of the run, while its drainer is writing batches. Every delivery A did not answer
 * is delivered again to B (WeChat's retry). Afterwards every message has been answered, and the
 * database holds exactly one user-log row per message and the clicks counted once each: nothing the
 * killed node took or drained is lost, nothing it had written before the kill is doubled when its
 * pending batch is taken over.
 */
class UserLogCrashIT {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "logCrashToken1";
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final int USERS = Integer.getInteger("wxp.logcrash.users", 3000);
    static final String CLICK_KEY = "LOGCRASH_CLICK";

    @Test
    void aNodeKilledWhileItDrainsTheUserLogLosesAndDoublesNoRow() throws Exception {
        String db = System.getenv("WXP_CRASH_DB_URL");
        String redisUrl = System.getenv("WXP_CRASH_REDIS_URL");
        String rabbit = System.getenv("WXP_CRASH_RABBIT_URL");
        if (!(db != null && redisUrl != null && rabbit != null)) {
            TestEnv.cannotRun(
                    "UserLogCrashIT",
                    "WXP_CRASH_DB_URL, WXP_CRASH_REDIS_URL and WXP_CRASH_RABBIT_URL are set by scripts/test");
        }
        try (Jedis jedis = new Jedis(URI.create(redisUrl))) {
            jedis.flushDB();
        }
        int offset = Integer.getInteger("wxp.it.offset", 100);
        Map<String, String> env = new HashMap<>();
        env.put("WXP_DB_URL", db);
        env.put("WXP_REDIS_URL", redisUrl);
        env.put("WXP_RABBIT_URL", rabbit);
        env.put("WXP_SANDBOX", "true");
        env.put("WXP_ADMIN_USER", TestEnv.ADMIN);
        env.put("WXP_ADMIN_PASSWORD", TestEnv.adminPassword());
        // a short idle time before a dead drainer's batch is taken over, so the test does not wait long
        env.put("WXP_USER_LOG_CLAIM_IDLE_MS", "5000");
        env.put("WXP_USER_LOG_BATCH", "200");

        File war = new File("target/nodes/logcrash.war");
        war.getParentFile().mkdirs();
        Deployments.product().as(ZipExporter.class).exportTo(war, true);

        try (ProductNode a = ProductNode.start("logcrash-a", offset + 270, war, env, Duration.ofMinutes(4));
                ProductNode b = ProductNode.start("logcrash-b", offset + 280, war, env, Duration.ofMinutes(4))) {
            HttpClient http = HttpClient.newHttpClient();
            String appid = NodeCrashIT.account(http, a.baseUrl(), "日志崩溃测试", TOKEN);
            CallbackSimulator toA = new CallbackSimulator(a.baseUrl(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
            CallbackSimulator toB = new CallbackSimulator(b.baseUrl(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
            List<String> xmls = new ArrayList<>();
            int clicks = 0;
            for (int i = 0; i < USERS; i++) {
                if (i % 10 == 0) {
                    xmls.add(toA.messages().click("oLogClick" + i, CLICK_KEY));
                    clicks++;
                } else {
                    xmls.add(toA.messages().text("oLog" + i, "第" + i + "条"));
                }
            }
            for (int i = 0; i < 20; i++) { // warm-up of both JVMs, not counted below
                (i % 2 == 0 ? toA : toB).send(toA.messages().text("oLogWarm" + i, "热身"));
            }

            Map<Integer, Boolean> answered = new ConcurrentHashMap<>();
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger failedBeforeKill = new AtomicInteger();
            AtomicInteger retriedOnB = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(24);
            List<Future<?>> work = new ArrayList<>();
            try {
                for (int i = 0; i < USERS; i++) {
                    int n = i;
                    work.add(pool.submit(() -> {
                        String xml = xmls.get(n);
                        int times = 1 + n % 2;
                        for (int t = 0; t < times; t++) {
                            boolean viaA = (n + t) % 2 == 0;
                            CallbackSimulator node = viaA && a.alive() ? toA : toB;
                            Delivery d = node.send(xml);
                            if (!d.ok() && node == toA) {
                                if (a.alive()) {
                                    failedBeforeKill.incrementAndGet();
                                }
                                retriedOnB.incrementAndGet();
                                d = toB.send(xml); // WeChat retries a delivery that got no answer
                            }
                            if (d.ok()) {
                                answered.put(n, true);
                            }
                            sent.incrementAndGet();
                        }
                        return null;
                    }));
                }
                long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (answered.size() < USERS / 3 && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                int answeredAtKill = answered.size();
                long loggedAtKill = rows(db, appid);
                long pendingAtKill = pending(redisUrl);
                a.kill();
                for (Future<?> f : work) {
                    f.get();
                }
                System.out.println("USERLOG-CRASH killed " + a.name() + " with " + answeredAtKill + " of " + USERS
                        + " messages answered, " + loggedAtKill + " rows in the database and " + pendingAtKill
                        + " entries in the stream; deliveries re-sent to " + b.name() + ": " + retriedOnB.get());
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, failedBeforeKill.get(), "callbacks failed while both nodes were up");
            assertEquals(USERS, answered.size(), "every message answered (by A, or by B after the kill)");

            // B takes over what A's drainer had read and not acknowledged once it is idle for 5 s
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while ((rows(db, appid) < USERS || pending(redisUrl) > 0) && System.nanoTime() < until) {
                Thread.sleep(250);
            }
            Thread.sleep(2000);
            assertEquals(0, pending(redisUrl), "the stream is drained");
            Map<String, Integer> perKey = rowsPerKey(db, appid);
            assertEquals(USERS, perKey.size(), "one row per message, none lost");
            perKey.forEach((k, n) -> assertEquals(1, n, "rows of " + k));
            assertEquals(clicks, clicks(db, appid), "each click counted once");
            assertTrue(sent.get() >= USERS, "deliveries sent: " + sent.get());
        }
    }

    private static long pending(String redisUrl) {
        try (Jedis jedis = new Jedis(URI.create(redisUrl))) {
            return jedis.exists("wxp:userlog") ? jedis.xlen("wxp:userlog") : 0;
        }
    }

    private static String table() {
        return "user_log_" + Year.now(ZoneId.of("Asia/Shanghai")).getValue();
    }

    private static Connection connect(String db) throws Exception {
        return DriverManager.getConnection(db, System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
    }

    private static long rows(String db, String appid) throws Exception {
        try (Connection c = connect(db);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM " + table() + " WHERE appid = ? AND openid NOT LIKE 'oLogWarm%'")) {
            ps.setString(1, appid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLSyntaxErrorException noTableYet) {
            return 0;
        }
    }

    private static Map<String, Integer> rowsPerKey(String db, String appid) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = connect(db);
                PreparedStatement ps = c.prepareStatement("SELECT openid, COUNT(*) FROM " + table()
                        + " WHERE appid = ? AND openid NOT LIKE 'oLogWarm%' GROUP BY openid")) {
            ps.setString(1, appid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    private static long clicks(String db, String appid) throws Exception {
        try (Connection c = connect(db);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COALESCE(SUM(clicks), 0) FROM menu_click_daily WHERE appid = ? AND event_key = ?")) {
            ps.setString(1, appid);
            ps.setString(2, CLICK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
