package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.platform.alert.Alerts;

/**
 * {@code /api/admin/alerts} (in the server: the alerts are raised through {@link Alerts} as the product
 * raises them, then read and acknowledged over HTTP as an operator's page does).
 */
@ExtendWith(ArquillianExtension.class)
class AlertsIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @Inject
    Alerts alerts;

    @Resource(lookup = "java:jboss/datasources/WxpDS")
    DataSource dataSource;

    @Test
    void operatorsListPageAcknowledgeAndDownloadAlerts() throws Exception {
        String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        String kind = "it-queue-" + tag;
        String other = "it-token-" + tag;
        for (int i = 1; i <= 3; i++) {
            assertTrue(alerts.raise(kind, "wxp.tx." + i, "depth " + (i * 100) + ", 队列积压", 60));
        }
        assertTrue(alerts.raise(other, "wx" + tag, "=HYPERLINK(\"x\")", 60));
        Http http = new Http(base);
        String admin = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());

        JsonObject all = object(http.get("/api/admin/alerts?kind=" + kind, admin));
        JsonArray rows = all.getJsonArray("rows");
        assertEquals(3, rows.size(), all.toString());
        assertTrue(all.isNull("next"), all.toString());
        long id3 = id(rows, 0);
        long id2 = id(rows, 1);
        long id1 = id(rows, 2);
        assertTrue(id3 > id2 && id2 > id1, "newest first: " + rows);
        JsonObject newest = rows.getJsonObject(0);
        assertEquals("wxp.tx.3", newest.getString("subject"));
        assertTrue(
                newest.getString("raisedAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00"),
                newest.toString());
        assertTrue(newest.isNull("ackedBy") && newest.isNull("ackedAt"), newest.toString());

        // a page at a time
        JsonObject page1 = object(http.get("/api/admin/alerts?kind=" + kind + "&limit=2", admin));
        assertEquals(2, page1.getJsonArray("rows").size());
        JsonObject page2 =
                object(http.get("/api/admin/alerts?kind=" + kind + "&limit=2&after=" + page1.getString("next"), admin));
        assertEquals(1, page2.getJsonArray("rows").size());
        assertEquals(id1, id(page2.getJsonArray("rows"), 0));
        assertTrue(page2.isNull("next"));

        JsonObject summary = object(http.get("/api/admin/alerts/summary", admin));
        assertEquals(3, summary.getJsonObject("byKind").getInt(kind), summary.toString());
        assertEquals(1, summary.getJsonObject("byKind").getInt(other), summary.toString());
        assertTrue(summary.getInt("open") >= 4, summary.toString());

        // one acknowledged, once
        HttpResponse<String> acked = http.json("POST", "/api/admin/alerts/" + id1 + "/ack", admin, "");
        assertEquals(200, acked.statusCode(), acked.body());
        JsonObject ackedRow = Json.createReader(new StringReader(acked.body())).readObject();
        assertEquals(TestEnv.ADMIN, ackedRow.getString("ackedBy"));
        assertTrue(ackedRow.getString("ackedAt").endsWith("+08:00"), ackedRow.toString());
        HttpResponse<String> again = http.json("POST", "/api/admin/alerts/" + id1 + "/ack", admin, "");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("by " + TestEnv.ADMIN), again.body());
        assertEquals(
                404,
                http.json("POST", "/api/admin/alerts/999999999999/ack", admin, "")
                        .statusCode());
        HttpResponse<String> badId = http.json("POST", "/api/admin/alerts/abc/ack", admin, "");
        assertEquals(400, badId.statusCode(), badId.body());
        assertTrue(error(badId).startsWith("id"), badId.body());

        assertEquals(
                2,
                object(http.get("/api/admin/alerts/summary", admin))
                        .getJsonObject("byKind")
                        .getInt(kind));
        assertEquals(
                1,
                object(http.get("/api/admin/alerts?state=acked&kind=" + kind, admin))
                        .getJsonArray("rows")
                        .size());
        assertEquals(
                2,
                object(http.get("/api/admin/alerts?state=open&kind=" + kind, admin))
                        .getJsonArray("rows")
                        .size());
        assertEquals(
                3,
                object(http.get("/api/admin/alerts?state=all&kind=" + kind, admin))
                        .getJsonArray("rows")
                        .size());

        // a batch: acknowledged now, before, missing (an id named twice counts once)
        HttpResponse<String> batch = http.json(
                "POST", "/api/admin/alerts/ack", admin, "{\"ids\":[" + id1 + "," + id2 + "," + id2 + ",999999999999]}");
        assertEquals(200, batch.statusCode(), batch.body());
        JsonObject b = Json.createReader(new StringReader(batch.body())).readObject();
        assertEquals(1, b.getInt("acked"), b.toString());
        assertEquals(1, b.getInt("already"), b.toString());
        assertEquals(1, b.getInt("missing"), b.toString());

        // two operators at once: acknowledged once
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int ackedNow = 0;
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(pool.submit(
                        () -> new Http(base).json("POST", "/api/admin/alerts/ack", admin, "{\"ids\":[" + id3 + "]}")));
            }
            for (Future<HttpResponse<String>> f : calls) {
                HttpResponse<String> r = f.get();
                assertEquals(200, r.statusCode(), r.body());
                ackedNow += Json.createReader(new StringReader(r.body()))
                        .readObject()
                        .getInt("acked");
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, ackedNow, "acknowledged once");
        assertEquals(3, ackedInDatabase(kind), "each alert of the kind acknowledged");
        assertTrue(
                !object(http.get("/api/admin/alerts/summary", admin))
                        .getJsonObject("byKind")
                        .containsKey(kind),
                "none of the kind open");

        // bad input: 400 naming the field
        String[][] bad = {
            {"state=closed", "state"},
            {"kind=" + "k".repeat(41), "kind"},
            {"kind=a%20b", "kind"},
            {"limit=0", "limit"},
            {"limit=501", "limit"},
            {"limit=x", "limit"},
            {"after=zzz", "after"}
        };
        for (String[] q : bad) {
            HttpResponse<String> r = http.get("/api/admin/alerts?" + q[0], admin);
            assertEquals(400, r.statusCode(), q[0] + ": " + r.body());
            assertTrue(error(r).startsWith(q[1]), q[0] + ": " + r.body());
            if (q[1].equals("state") || q[1].equals("kind")) {
                assertEquals(
                        400, http.get("/api/admin/alerts.csv?" + q[0], admin).statusCode(), q[0]);
            }
        }
        StringBuilder tooMany = new StringBuilder("{\"ids\":[1");
        for (int i = 2; i <= 501; i++) {
            tooMany.append(',').append(i);
        }
        String[] badBodies = {
            "{}", "{\"ids\":[]}", tooMany.append("]}").toString(), "{\"ids\":[\"1\"]}", "{\"ids\":[0]}", "{\"ids\":7}"
        };
        for (String body : badBodies) {
            HttpResponse<String> r = http.json("POST", "/api/admin/alerts/ack", admin, body);
            assertEquals(400, r.statusCode(), body + ": " + r.body());
            assertTrue(error(r).startsWith("ids"), body + ": " + r.body());
        }
        for (String body : new String[] {"not json", "[1,2]", "{\"ids\":[1,"}) {
            HttpResponse<String> r = http.json("POST", "/api/admin/alerts/ack", admin, body);
            assertEquals(400, r.statusCode(), body + ": " + r.body());
            assertTrue(error(r).startsWith("body"), body + ": " + r.body());
        }

        // roles: anonymous 401, ADMIN reads and downloads but does not acknowledge, AGENT nothing
        String reader = user(http, "ADMIN");
        String agent = user(http, "AGENT");
        assertEquals(401, http.get("/api/admin/alerts", null).statusCode());
        assertEquals(
                401,
                http.json("POST", "/api/admin/alerts/ack", null, "{\"ids\":[1]}")
                        .statusCode());
        assertEquals(200, http.get("/api/admin/alerts?kind=" + other, reader).statusCode());
        assertEquals(200, http.get("/api/admin/alerts/summary", reader).statusCode());
        assertEquals(
                403,
                http.json("POST", "/api/admin/alerts/" + id1 + "/ack", reader, "")
                        .statusCode());
        assertEquals(
                403,
                http.json("POST", "/api/admin/alerts/ack", reader, "{\"ids\":[1]}")
                        .statusCode());
        assertEquals(403, http.get("/api/admin/alerts", agent).statusCode());
        assertEquals(403, http.get("/api/admin/alerts/summary", agent).statusCode());
        assertEquals(403, http.get("/api/admin/alerts.csv", agent).statusCode());
        assertEquals(
                1,
                object(http.get("/api/admin/alerts?kind=" + other, admin))
                        .getJsonArray("rows")
                        .size(),
                "nothing acknowledged by the refused calls");

        // the download: BOM, Chinese header, one line per alert, formulas defused
        HttpResponse<String> csv = http.get("/api/admin/alerts.csv?state=all&kind=" + kind, reader);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().startsWith("\uFEFF编号,类型,"), csv.body());
        assertEquals(4, csv.body().split("\r\n").length, csv.body());
        assertTrue(csv.body().contains("队列积压") && csv.body().contains(TestEnv.ADMIN), csv.body());
        HttpResponse<String> formula = http.get("/api/admin/alerts.csv?kind=" + other, reader);
        assertTrue(formula.body().contains("'=HYPERLINK"), formula.body());
        assertNotEquals(-1, formula.body().indexOf(other));
    }

    private int ackedInDatabase(String kind) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM alert WHERE kind = ? AND acked_by IS NOT NULL AND acked_at IS NOT NULL")) {
            ps.setString(1, kind);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static long id(JsonArray rows, int i) {
        return rows.getJsonObject(i).getJsonNumber("id").longValue();
    }

    private static JsonObject object(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private static String error(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject().getString("error");
    }

    private static String user(Http http, String role) throws Exception {
        String user = "al" + role.toLowerCase(java.util.Locale.ROOT) + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                http.json(
                                "PUT",
                                "/api/admin/users/" + user,
                                Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()),
                                "{\"password\":\"alert-pass-1\",\"role\":\"" + role + "\"}")
                        .statusCode());
        return Http.basic(user, "alert-pass-1");
    }
}
