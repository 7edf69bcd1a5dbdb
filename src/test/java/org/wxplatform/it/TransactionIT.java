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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.it.tx.OrderText;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * Carrier transactions end to end (SPEC §3.5, §3.6, §6.6): callbacks → intake → RabbitMQ → the carrier
 * simulator over SOAP → outcome by template message in the WeChat sandbox. The orders are placed by a
 * test responder ({@link OrderText}) so the transaction path is tested apart from binding and catalog.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TransactionIT {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "txToken1";
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final Random RANDOM = new Random();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product().addClasses(OrderText.class);
    }

    @ArquillianResource
    URL base;

    @AfterEach
    void carrierBackToNormal() throws Exception {
        carrier("{\"down\":false,\"failureRate\":0.0,\"orderLatencyMinMs\":2000,\"orderLatencyMaxMs\":8000}");
    }

    @Test
    void ordersDeliveredUpToFourTimesAreExecutedOnceAndToldOnce() throws Exception {
        carrier("{\"orderLatencyMinMs\":100,\"orderLatencyMaxMs\":300}");
        String appid = account();
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        int users = 60;
        List<String> phones = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<List<Delivery>>> sent = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String phone = phone();
                phones.add(phone);
                String openid = "oTx" + i;
                int times = 1 + i % 4;
                CallbackSimulator.Order order =
                        i % 2 == 0 ? CallbackSimulator.Order.PARALLEL : CallbackSimulator.Order.SEQUENTIAL;
                sent.add(pool.submit(() -> wechat.deliverRepeatedly(
                        wechat.messages().text(openid, OrderText.PREFIX + phone + " DATA_M_1G"), times, order)));
            }
            for (Future<List<Delivery>> f : sent) {
                for (Delivery d : f.get()) {
                    assertNull(d.problem(), d.problem());
                    assertTrue(d.content().contains("正在为您办理") || d.content().contains("已处理"), d.content());
                }
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < users; i++) {
            List<JsonObject> told = awaitTemplates(appid, "oTx" + i, 1, Duration.ofSeconds(90));
            assertEquals(1, told.size(), "one outcome for oTx" + i);
            assertEquals("办理成功", keyword3(told.get(0)));
        }
        Thread.sleep(1500);
        for (int i = 0; i < users; i++) {
            assertEquals(1, templates(appid, "oTx" + i).size(), "still one outcome for oTx" + i);
            assertEquals(1, executedFor(phones.get(i)), "executed once for " + phones.get(i));
        }
    }

    /**
     * One signed order message replayed under other spellings of the account's appid (case, trailing
     * spaces, a full-width letter: all equal to the appid in the database's collation) executes one
     * carrier order: only the appid exactly as registered reaches the account.
     */
    @Test
    void oneSignedOrderUnderAnySpellingOfTheAppidExecutesOneCarrierOrder() throws Exception {
        carrier("{\"orderLatencyMinMs\":50,\"orderLatencyMaxMs\":100}");
        String appid = account();
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        String phone = phone();
        CallbackSimulator.Request signed =
                wechat.prepare(wechat.messages().text("oSpell", OrderText.PREFIX + phone + " DATA_M_1G"));
        String path = "/wx/callback/" + appid + "?";
        assertTrue(signed.uri().toString().contains(path), signed.uri().toString());
        List<String> spellings = List.of(
                "WX" + appid.substring(2),
                appid.toUpperCase(java.util.Locale.ROOT),
                appid + "%20",
                appid + "%20%20",
                "%EF%BD%97" + appid.substring(1), // full-width w
                appid + "%09",
                appid + "%00");
        for (String spelling : spellings) {
            CallbackSimulator.Request other = new CallbackSimulator.Request(
                    java.net.URI.create(signed.uri().toString().replace(path, "/wx/callback/" + spelling + "?")),
                    signed.body(),
                    signed.openId(),
                    signed.originalId());
            Delivery d = wechat.send(other);
            assertTrue(d.status() == 404 || d.status() == 400, spelling + " answered " + d.status() + ": " + d.body());
        }
        Delivery original = wechat.send(signed);
        assertNull(original.problem(), original.problem());
        assertTrue(original.content().contains("正在为您办理"), original.content());
        assertEquals(
                1, awaitTemplates(appid, "oSpell", 1, Duration.ofSeconds(60)).size());
        Thread.sleep(1500);
        assertEquals(
                1,
                executedFor(phone),
                "carrier orders for one signed message under " + spellings.size() + " spellings");
        assertEquals(1, templates(appid, "oSpell").size(), "told once");
    }

    @Test
    void aSlowCarrierDoesNotSlowTheCallbackAndTheOutcomeArrivesLater() throws Exception {
        carrier("{\"orderLatencyMinMs\":6000,\"orderLatencyMaxMs\":6000}");
        String appid = account();
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String phone = phone();
            phones.add(phone);
            Delivery d = wechat.send(wechat.messages().text("oSlow" + i, OrderText.PREFIX + phone + " SMS_100"));
            assertNull(d.problem(), d.problem());
            assertTrue(
                    d.latency().toMillis() < 1000, "answered in " + d.latency().toMillis() + " ms");
            assertTrue(d.content().contains("正在为您办理"), d.content());
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(
                    "办理成功",
                    keyword3(awaitTemplates(appid, "oSlow" + i, 1, Duration.ofSeconds(60))
                            .get(0)));
            assertEquals(1, executedFor(phones.get(i)));
        }
    }

    @Test
    void whileTheCarrierIsDownRequestsAreKeptAndExecutedOnceItIsBack() throws Exception {
        carrier("{\"orderLatencyMinMs\":100,\"orderLatencyMaxMs\":200,\"down\":true}");
        String appid = account();
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String phone = phone();
            phones.add(phone);
            Delivery d = wechat.send(wechat.messages().text("oDown" + i, OrderText.PREFIX + phone + " WLAN_10H"));
            assertNull(d.problem(), d.problem());
        }
        // each subscriber is told clearly that the request is kept
        for (int i = 0; i < 4; i++) {
            List<String> texts = awaitKfTexts(appid, "oDown" + i, 1, Duration.ofSeconds(30));
            assertTrue(texts.get(0).contains("已为您保存"), texts.get(0));
            assertEquals(0, executedFor(phones.get(i)));
            assertEquals(0, templates(appid, "oDown" + i).size());
        }
        HttpResponse<String> waiting =
                new Http(base).get("/api/admin/transactions?state=waiting&appid=" + appid, superAdmin());
        assertEquals(200, waiting.statusCode(), waiting.body());
        assertEquals(4, array(waiting.body()).size(), waiting.body());

        carrier("{\"down\":false}");
        for (int i = 0; i < 4; i++) {
            List<JsonObject> told = awaitTemplates(appid, "oDown" + i, 1, Duration.ofSeconds(90));
            assertEquals("办理成功", keyword3(told.get(0)));
            assertEquals(1, executedFor(phones.get(i)));
        }
        assertEquals(1, awaitKfTexts(appid, "oDown0", 1, Duration.ofSeconds(1)).size(), "told to wait once");
    }

    @Test
    void operatorsListFailuresAndOnlySuperAdminsRedoThem() throws Exception {
        carrier("{\"orderLatencyMinMs\":50,\"orderLatencyMaxMs\":100}");
        String appid = account();
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        // not a subscriber of this carrier: the carrier refuses it
        String unknown = "13" + (100000000L + RANDOM.nextInt(800000000)) / 10000 * 10000;
        unknown = unknown.substring(0, 7) + "0000";
        assertNull(wechat.send(wechat.messages().text("oFail", OrderText.PREFIX + unknown + " DATA_M_100M"))
                .problem());
        List<JsonObject> told = awaitTemplates(appid, "oFail", 1, Duration.ofSeconds(60));
        assertTrue(keyword3(told.get(0)).startsWith("办理失败"), keyword3(told.get(0)));

        Http http = new Http(base);
        assertEquals(401, http.get("/api/admin/transactions", null).statusCode());
        assertEquals(
                400,
                http.get("/api/admin/transactions?state=lost", superAdmin()).statusCode());
        JsonArray failed = array(http.get("/api/admin/transactions?state=failed&appid=" + appid, superAdmin())
                .body());
        assertEquals(1, failed.size(), failed.toString());
        JsonObject f = failed.getJsonObject(0);
        assertEquals("UNKNOWN_NUMBER", f.getString("resultCode"));
        assertTrue(f.getString("phone").contains("****"), "phone masked: " + f.getString("phone"));
        long id = f.getJsonNumber("id").longValue();

        String reader = readOnlyAdmin();
        assertEquals(200, http.get("/api/admin/transactions/" + id, reader).statusCode());
        assertEquals(
                403,
                http.json("POST", "/api/admin/transactions/" + id + "/redo", reader, "{}")
                        .statusCode());
        assertEquals(
                404,
                http.json("POST", "/api/admin/transactions/999999999/redo", superAdmin(), "{}")
                        .statusCode());

        HttpResponse<String> redo = http.json("POST", "/api/admin/transactions/" + id + "/redo", superAdmin(), "{}");
        assertEquals(202, redo.statusCode(), redo.body());
        JsonObject again = Json.createReader(new StringReader(redo.body())).readObject();
        assertEquals(2, again.getInt("attempt"));
        assertTrue(again.getString("serial").endsWith("-2"), again.toString());
        // the re-done attempt fails again at the carrier, and is told again
        assertEquals(
                2, awaitTemplates(appid, "oFail", 2, Duration.ofSeconds(60)).size());

        // a done transaction is not re-done
        String phone = phone();
        assertNull(wechat.send(wechat.messages().text("oDone", OrderText.PREFIX + phone + " MMS_50"))
                .problem());
        awaitTemplates(appid, "oDone", 1, Duration.ofSeconds(60));
        JsonArray done = array(http.get("/api/admin/transactions?state=done&appid=" + appid, superAdmin())
                .body());
        long doneId = done.getJsonObject(0).getJsonNumber("id").longValue();
        assertEquals(
                409,
                http.json("POST", "/api/admin/transactions/" + doneId + "/redo", superAdmin(), "{}")
                        .statusCode());
    }

    /**
     * A batch re-do (SPEC §6.6): the failed transaction named twice in each of two concurrent requests is
     * re-done once, the carrier executes its new serial once and the subscriber is told once; a done one
     * is left as it is; then every failed one of a filter. Filters, pages and bad input on the way.
     */
    @Test
    void aBatchRedoExecutesOnceAtTheCarrierAndTellsOnce() throws Exception {
        carrier("{\"orderLatencyMinMs\":50,\"orderLatencyMaxMs\":100}");
        String appid = account();
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        String phone = phone();
        // the second order of the same monthly package is refused by the carrier (already subscribed): an
        // order the carrier executed and refused, so every attempt of it is counted at the carrier
        assertNull(wechat.send(wechat.messages().text("oBatch", OrderText.PREFIX + phone + " DATA_M_1G"))
                .problem());
        assertEquals(
                "办理成功",
                keyword3(awaitTemplates(appid, "oBatch", 1, Duration.ofSeconds(60))
                        .get(0)));
        // another text (a repeated one would be screened out as a repeated request), the same order
        Delivery again = wechat.send(wechat.messages().text("oBatch", OrderText.PREFIX + phone + "   DATA_M_1G"));
        assertNull(again.problem(), again.problem());
        assertTrue(again.content().contains("正在为您办理"), again.content());
        List<JsonObject> told = awaitTemplates(appid, "oBatch", 2, Duration.ofSeconds(60));
        assertTrue(keyword3(told.get(1)).startsWith("办理失败"), keyword3(told.get(1)));
        assertEquals(2, executedFor(phone));

        Http http = new Http(base);
        String admin = superAdmin();
        JsonArray failed = array(http.get("/api/admin/transactions?state=failed&appid=" + appid, admin)
                .body());
        assertEquals(1, failed.size(), failed.toString());
        long failedId = failed.getJsonObject(0).getJsonNumber("id").longValue();
        assertTrue(
                failed.getJsonObject(0)
                        .getString("createdAt")
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00"),
                failed.toString());
        long doneId = array(http.get("/api/admin/transactions?state=done&appid=" + appid, admin)
                        .body())
                .getJsonObject(0)
                .getJsonNumber("id")
                .longValue();

        // by phone, a page at a time, newest first
        JsonObject first = object(http.get("/api/admin/transactions?phone=" + phone + "&limit=1", admin)
                .body());
        assertEquals(1, first.getJsonArray("rows").size());
        assertEquals(
                failedId,
                first.getJsonArray("rows").getJsonObject(0).getJsonNumber("id").longValue());
        String next = first.getString("next");
        JsonObject second = object(http.get("/api/admin/transactions?phone=" + phone + "&limit=1&after=" + next, admin)
                .body());
        assertEquals(
                doneId,
                second.getJsonArray("rows").getJsonObject(0).getJsonNumber("id").longValue());
        assertTrue(second.isNull("next"), second.toString());
        // by day (Asia/Shanghai)
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        String created = failed.getJsonObject(0).getString("createdAt").substring(0, 10);
        assertEquals(
                2,
                array(http.get("/api/admin/transactions?appid=" + appid + "&day=" + created, admin)
                                .body())
                        .size());
        assertEquals(
                0,
                array(http.get("/api/admin/transactions?appid=" + appid + "&day=" + today.minusDays(2), admin)
                                .body())
                        .size());

        // bad input: 400 naming the field, nothing done
        String[][] bad = {
            {"state=lost", "state"},
            {"phone=1391234567", "phone"},
            {"phone=139123456789", "phone"},
            {"phone=1391234567x", "phone"},
            {"day=2026-13-01", "day"},
            {"day=2026-1-1", "day"},
            {"limit=0", "limit"},
            {"limit=501", "limit"},
            {"limit=ten", "limit"},
            {"after=not-a-cursor", "after"},
            {"appid=" + "w".repeat(33), "appid"}
        };
        for (String[] b : bad) {
            HttpResponse<String> r = http.get("/api/admin/transactions?" + b[0], admin);
            assertEquals(400, r.statusCode(), b[0] + ": " + r.body());
            assertTrue(object(r.body()).getString("error").startsWith(b[1]), b[0] + ": " + r.body());
            if (!b[1].equals("limit") && !b[1].equals("after")) {
                HttpResponse<String> csv = http.get("/api/admin/transactions.csv?" + b[0], admin);
                assertEquals(400, csv.statusCode(), b[0] + ": " + csv.body());
            }
        }
        StringBuilder tooMany = new StringBuilder("{\"ids\":[1");
        for (int i = 2; i <= 201; i++) {
            tooMany.append(',').append(i);
        }
        tooMany.append("]}");
        String[][] badBodies = {
            {"{}", "ids"},
            {"{\"ids\":[]}", "ids"},
            {tooMany.toString(), "ids"},
            {"{\"ids\":[-1]}", "ids"},
            {"{\"ids\":[\"" + failedId + "\"]}", "ids"},
            {"{\"ids\":[1.5]}", "ids"},
            {"{\"ids\":[" + failedId + "],\"filter\":{\"state\":\"failed\"}}", "ids"},
            {"{\"filter\":{\"state\":\"done\"}}", "filter.state"},
            {"{\"filter\":{\"state\":\"failed\",\"day\":\"yesterday\"}}", "day"},
            {"{\"filter\":{\"state\":\"failed\",\"color\":\"red\"}}", "filter.color"},
            {"{\"filter\":[]}", "filter"},
            {"not json", "body"},
            {"[" + failedId + "]", "body"},
            {"{\"ids\":[" + failedId + ",", "body"}
        };
        for (String[] b : badBodies) {
            HttpResponse<String> r = http.json("POST", "/api/admin/transactions/redo", admin, b[0]);
            assertEquals(400, r.statusCode(), b[0] + ": " + r.body());
            assertTrue(object(r.body()).getString("error").startsWith(b[1]), b[0] + ": " + r.body());
        }
        assertEquals(2, templates(appid, "oBatch").size(), "nothing re-done by bad requests");

        // roles
        String redoBody = "{\"ids\":[" + failedId + "," + failedId + "," + doneId + ",999999999]}";
        assertEquals(
                401,
                http.json("POST", "/api/admin/transactions/redo", null, redoBody)
                        .statusCode());
        assertEquals(
                403,
                http.json("POST", "/api/admin/transactions/redo", readOnlyAdmin(), redoBody)
                        .statusCode());
        String agent = agent();
        assertEquals(403, http.get("/api/admin/transactions", agent).statusCode());
        assertEquals(403, http.get("/api/admin/transactions.csv", agent).statusCode());
        assertEquals(
                403,
                http.json("POST", "/api/admin/transactions/redo", agent, redoBody)
                        .statusCode());

        // two operators at once, the failed one named twice by each
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<JsonArray> answers = new ArrayList<>();
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(pool.submit(
                        () -> new Http(base).json("POST", "/api/admin/transactions/redo", admin, redoBody)));
            }
            for (Future<HttpResponse<String>> f : calls) {
                HttpResponse<String> r = f.get();
                assertEquals(200, r.statusCode(), r.body());
                answers.add(object(r.body()).getJsonArray("results"));
            }
        } finally {
            pool.shutdown();
        }
        int queued = 0;
        for (JsonArray results : answers) {
            assertEquals(4, results.size(), results.toString());
            for (int i = 0; i < 2; i++) {
                JsonObject r = results.getJsonObject(i);
                assertEquals(failedId, r.getJsonNumber("id").longValue());
                if (r.getString("outcome").equals("queued")) {
                    queued++;
                } else {
                    assertEquals("not-failed", r.getString("outcome"), r.toString());
                }
            }
            assertEquals("not-failed", results.getJsonObject(2).getString("outcome"));
            assertEquals("done", results.getJsonObject(2).getString("state"));
            assertEquals("missing", results.getJsonObject(3).getString("outcome"));
            assertTrue(results.getJsonObject(3).isNull("state"), results.toString());
        }
        assertEquals(1, queued, "re-done once: " + answers);
        assertEquals(
                3, awaitTemplates(appid, "oBatch", 3, Duration.ofSeconds(60)).size());
        Thread.sleep(2000);
        assertEquals(3, templates(appid, "oBatch").size(), "the re-done attempt told once");
        assertEquals(3, executedFor(phone), "the re-done attempt executed once at the carrier");
        JsonObject redone =
                object(http.get("/api/admin/transactions/" + failedId, admin).body());
        assertEquals(2, redone.getInt("attempt"), redone.toString());
        assertEquals(TestEnv.ADMIN, redone.getString("redoBy"));

        // every failed one of a filter (the re-done attempt was refused again)
        awaitState(http, failedId, "failed");
        HttpResponse<String> byFilter = http.json(
                "POST",
                "/api/admin/transactions/redo",
                admin,
                "{\"filter\":{\"state\":\"failed\",\"appid\":\"" + appid + "\",\"day\":\"" + created + "\"}}");
        assertEquals(200, byFilter.statusCode(), byFilter.body());
        assertEquals(1, object(byFilter.body()).getInt("matched"), byFilter.body());
        assertEquals(1, object(byFilter.body()).getInt("queued"), byFilter.body());
        assertEquals(
                4, awaitTemplates(appid, "oBatch", 4, Duration.ofSeconds(60)).size());
        Thread.sleep(1500);
        assertEquals(4, templates(appid, "oBatch").size());
        assertEquals(4, executedFor(phone));

        // the download: BOM, Chinese header, one line per transaction, the number masked
        HttpResponse<String> csv = http.get("/api/admin/transactions.csv?appid=" + appid, readOnlyAdmin());
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().startsWith("\uFEFF编号,"), csv.body());
        assertEquals(3, csv.body().split("\r\n").length, csv.body());
        assertTrue(!csv.body().contains(phone) && csv.body().contains(phone.substring(0, 3) + "****"), csv.body());
    }

    private void awaitState(Http http, long id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String now = null;
        while (System.nanoTime() < deadline) {
            now = object(http.get("/api/admin/transactions/" + id, superAdmin()).body())
                    .getString("state");
            if (state.equals(now)) {
                return;
            }
            Thread.sleep(200);
        }
        assertEquals(state, now, "state of transaction " + id);
    }

    private String agent() throws Exception {
        String user = "txagent" + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                new Http(base)
                        .json(
                                "PUT",
                                "/api/admin/users/" + user,
                                superAdmin(),
                                "{\"password\":\"agent-pass-1\",\"role\":\"AGENT\"}")
                        .statusCode());
        return Http.basic(user, "agent-pass-1");
    }

    // ---- helpers

    /** A valid subscriber number of the simulated carrier (never ending in 0000). */
    static String phone() {
        while (true) {
            String p = "139" + String.format("%08d", RANDOM.nextInt(100_000_000));
            if (!p.endsWith("0000")) {
                return p;
            }
        }
    }

    private void carrier(String config) throws Exception {
        HttpResponse<String> r = new Http(base).json("POST", "/sandbox/carrier/control", null, config);
        assertEquals(200, r.statusCode(), r.body());
    }

    /** Orders the carrier simulator executed for one number. */
    private int executedFor(String phone) throws Exception {
        HttpResponse<String> r = new Http(base).get("/sandbox/carrier/control/orders?phone=" + phone, null);
        assertEquals(200, r.statusCode(), r.body());
        int n = 0;
        for (JsonValue v :
                Json.createReader(new StringReader(r.body())).readObject().getJsonArray("orders")) {
            if (phone.equals(v.asJsonObject().getString("phone"))) {
                n++;
            }
        }
        return n;
    }

    private List<JsonObject> awaitTemplates(String appid, String openid, int count, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        List<JsonObject> got = templates(appid, openid);
        while (got.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(250);
            got = templates(appid, openid);
        }
        assertTrue(got.size() >= count, openid + " got " + got.size() + " template messages, expected " + count);
        return got;
    }

    private List<String> awaitKfTexts(String appid, String openid, int count, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> got = kfTexts(appid, openid);
        while (got.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(250);
            got = kfTexts(appid, openid);
        }
        assertTrue(got.size() >= count, openid + " got " + got.size() + " customer-service texts");
        return got;
    }

    private List<JsonObject> templates(String appid, String openid) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue v : inbox(appid, openid)) {
            if ("template".equals(v.asJsonObject().getString("kind", ""))) {
                out.add(v.asJsonObject());
            }
        }
        return out;
    }

    private List<String> kfTexts(String appid, String openid) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonValue v : inbox(appid, openid)) {
            JsonObject m = v.asJsonObject();
            if ("kf".equals(m.getString("kind", "")) && "text".equals(m.getString("type", ""))) {
                out.add(m.getJsonObject("text").getString("content"));
            }
        }
        return out;
    }

    private JsonArray inbox(String appid, String openid) throws Exception {
        var r = new Http(base).get("/sandbox/wechat/users/" + appid + "/" + openid + "/inbox", null);
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readArray();
    }

    private static String keyword3(JsonObject template) {
        return template.getJsonObject("data").getJsonObject("keyword3").getString("value");
    }

    /** The rows of a list answer {@code {"rows": [...], "next": ...}}. */
    private static JsonArray array(String body) {
        return Json.createReader(new StringReader(body)).readObject().getJsonArray("rows");
    }

    private static JsonObject object(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static String superAdmin() {
        return Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
    }

    private String readOnlyAdmin() throws Exception {
        String user = "txops" + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                new Http(base)
                        .json(
                                "PUT",
                                "/api/admin/users/" + user,
                                superAdmin(),
                                "{\"password\":\"read-only-pass\",\"role\":\"ADMIN\"}")
                        .statusCode());
        return Http.basic(user, "read-only-pass");
    }

    private String account() throws Exception {
        return TestEnv.safeAccount(new Http(base), "业务办理", SECRET, TOKEN, KEY);
    }
}
