package org.wxplatform.it.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.List;
import java.util.function.Predicate;
import org.wxplatform.it.Http;
import org.wxplatform.it.TestEnv;

/**
 * What the push tests share: an account with subscribers bound to numbers (rows of the binding table, as
 * the binding service writes them), a phone file with invalid lines and duplicates, the push API and the
 * sandbox's template counters.
 */
public final class PushFixtures {

    /** The sandbox's carrier template: thing1, time2, phone_number3, character_string4, phrase5. */
    public static final String TEMPLATE = "sbxBusinessDone0000000000000000000000000001";

    public static final String DATA = "{\"thing1\":\"10元100M流量包\",\"time2\":\"2026年12月3日 15:01\","
            + "\"phone_number3\":\"10086\",\"phrase5\":\"已生效\"}";

    private PushFixtures() {}

    public static String sa() {
        return Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
    }

    public static Connection db(String url) throws Exception {
        return DriverManager.getConnection(url, System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
    }

    /** The i-th number of a run: 11 digits, distinct per {@code base} (below 6.9e9: a 13x-19x mobile number). */
    public static String phone(long base, int i) {
        return Long.toString(13_000_000_000L + base + i);
    }

    /** The i-th subscriber's openid (not of the sandbox's issued form: any account takes it). */
    public static String openid(String appid, int i) {
        return "t" + appid.substring(2, 10) + "_" + i;
    }

    /** Binds every number with {@code bound.test(i)} to the i-th subscriber of the account. */
    public static List<String> bind(String dbUrl, String appid, long base, int n, Predicate<Integer> bound)
            throws Exception {
        List<String> openids = new ArrayList<>();
        try (Connection c = db(dbUrl);
                PreparedStatement ps = c.prepareStatement("INSERT INTO bind (appid, openid, phone, state, channel,"
                        + " bound_at) VALUES (?, ?, ?, 'B', 'WECHAT', ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            for (int i = 0; i < n; i++) {
                if (!bound.test(i)) {
                    continue;
                }
                ps.setString(1, appid);
                ps.setString(2, openid(appid, i));
                ps.setString(3, phone(base, i));
                ps.setTimestamp(4, now);
                ps.addBatch();
                openids.add(openid(appid, i));
                if (openids.size() % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        return openids;
    }

    public static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    public static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static JsonObject sync(Http http, String appid) throws Exception {
        HttpResponse<String> r = http.send("POST", "/api/admin/pushes/templates/sync?appid=" + appid, sa(), null, null);
        assertEquals(200, r.statusCode(), r.body());
        return json("{\"t\":" + r.body() + "}");
    }

    /** Uploads {@code file} as a push (201 expected unless {@code expect} says otherwise); answers the body. */
    public static HttpResponse<String> upload(Http http, String query, byte[] file) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base(http) + "api/admin/pushes?" + query))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", sa())
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build();
        return http.client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String base;

    public static void base(String url) {
        base = url.endsWith("/") ? url : url + "/";
    }

    static String base(Http http) {
        return base;
    }

    public static JsonObject act(Http http, long id, String action) throws Exception {
        HttpResponse<String> r = http.send("POST", "/api/admin/pushes/" + id + "/" + action, sa(), null, null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    public static JsonObject view(Http http, long id) throws Exception {
        HttpResponse<String> r = http.get("/api/admin/pushes/" + id, sa());
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    /** Polls the push until {@code done} holds or {@code limit} passes (then fails with the last view). */
    public static JsonObject await(Http http, long id, Duration limit, Predicate<JsonObject> done) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        JsonObject v = view(http, id);
        while (!done.test(v)) {
            if (System.nanoTime() > end) {
                fail("push " + id + " did not get there in " + limit + ": " + v);
            }
            Thread.sleep(500);
            v = view(http, id);
        }
        return v;
    }

    public static JsonObject sandboxSent(Http http, String appid) throws Exception {
        HttpResponse<String> r = http.get("/sandbox/wechat/control/" + appid + "/templates-sent", null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    public static JsonObject sandboxCounts(Http http, String appid) throws Exception {
        HttpResponse<String> r = http.get("/sandbox/wechat/control/" + appid + "/templates-sent/counts", null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    public static void configure(Http http, String appid, String json) throws Exception {
        HttpResponse<String> r = http.json("PUT", "/sandbox/wechat/control/" + appid + "/config", null, json);
        assertEquals(200, r.statusCode(), r.body());
    }

    /**
     * The rate the sandbox received template messages at: sends after the first over the time from the
     * first to the last receipt (ms), a second.
     */
    public static double receivedRate(JsonObject sent) {
        long n = sent.getJsonNumber("sent").longValue();
        long ms = sent.getJsonNumber("last").longValue()
                - sent.getJsonNumber("first").longValue();
        return ms <= 0 ? 0 : (n - 1) * 1000.0 / ms;
    }
}
