package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Log files and user-log retention in the admin (SPEC §7.1, §7.2, §7.5): the node's monthly interface and
 * access logs are listed and downloaded as they are (a request just made is in the access log), no other
 * file is ever reached whatever the name, roles hold; the user-log purge drops a year's table that is all
 * past the retention, deletes the old rows of the current one and keeps the rest.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LogFilesIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @Test
    void theNodesLogFilesAreListedAndDownloadedAndNothingElse() throws Exception {
        Http http = new Http(base);
        String reader = user("logreader", "ADMIN");
        String agent = user("logagent", "AGENT");
        String marker = "logfiles-" + Long.toHexString(System.nanoTime());
        assertEquals(200, http.get("/health?m=" + marker, null).statusCode());

        HttpResponse<String> list = http.get("/api/admin/log-files", reader);
        assertEquals(200, list.statusCode(), list.body());
        JsonObject o = Json.createReader(new StringReader(list.body())).readObject();
        assertFalse(o.getString("node").isBlank());
        List<String> names = o.getJsonArray("files").stream()
                .map(v -> v.asJsonObject().getString("name"))
                .toList();
        assertTrue(names.contains("access.log"), names.toString());
        assertTrue(
                names.stream().allMatch(n -> n.matches("(interface|access)\\.log(\\.\\d{4}-\\d{2}(\\.gz)?)?")),
                names.toString());

        // the request above is in the access log as downloaded (the log is flushed as it is written)
        String access = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!access.contains(marker) && System.nanoTime() < deadline) {
            HttpResponse<String> r = http.get("/api/admin/log-files/access.log", reader);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
            access = r.body();
            Thread.sleep(200);
        }
        assertTrue(access.contains(marker), "the access log holds the request just made");

        for (String trick : List.of(
                "server.log",
                "..%2Fconfiguration%2Fstandalone.xml",
                "%2e%2e%2f%2e%2e%2fstandalone%2fconfiguration%2fstandalone.xml",
                "access.log%00.gz",
                "access.log.2026-13.gz",
                "ACCESS.LOG",
                "access.log.2026-11.gz%2F..%2F..%2Fserver.log")) {
            HttpResponse<String> r = http.get("/api/admin/log-files/" + trick, reader);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, trick + " answered " + r.statusCode());
            assertFalse(r.body().contains("<server") || r.body().contains("INFO"), trick + ": " + r.body());
        }
        assertEquals(401, http.get("/api/admin/log-files", null).statusCode());
        assertEquals(403, http.get("/api/admin/log-files", agent).statusCode());
        assertEquals(
                403,
                http.json("POST", "/api/admin/log-files/user-log-purge", reader, "{}")
                        .statusCode());
    }

    @Test
    void userLogsPastTheirRetentionArePurgedAndTheRestIsKept() throws Exception {
        int year = Year.now().getValue();
        String current = "user_log_" + year;
        String appid = TestEnv.newAppid();
        Instant old = Instant.now().minus(Duration.ofDays(200));
        Instant recent = Instant.now().minus(Duration.ofDays(2));
        boolean oldInThisYear = old.atZone(java.time.ZoneId.of("Asia/Shanghai")).getYear() == year;
        try (Connection c = db();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS user_log_2019 LIKE user_log_template");
            s.execute("CREATE TABLE IF NOT EXISTS " + current + " LIKE user_log_template");
            s.execute("INSERT INTO user_log_2019 (appid, openid, kind, type, msg_key, content, created_at)"
                    + " VALUES ('" + appid + "', 'oOld', 'message', 'text', 'k2019', 'old', '2019-06-01 00:00:00')");
            insert(c, (oldInThisYear ? current : "user_log_" + (year - 1)), appid, "oOld", "kOld", old);
            insert(c, current, appid, "oRecent", "kRecent", recent);
        }
        HttpResponse<String> r = new Http(base)
                .json(
                        "POST",
                        "/api/admin/log-files/user-log-purge",
                        Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()),
                        "{}");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject o = Json.createReader(new StringReader(r.body())).readObject();
        assertTrue(
                o.getJsonArray("droppedTables").stream()
                        .map(JsonValue::toString)
                        .anyMatch(t -> t.contains("user_log_2019")),
                r.body());
        try (Connection c = db()) {
            assertFalse(tableExists(c, "user_log_2019"), "a year all past the retention is dropped");
            assertEquals(0, count(c, oldInThisYear ? current : "user_log_" + (year - 1), appid, "oOld"), "old rows go");
            assertEquals(1, count(c, current, appid, "oRecent"), "recent rows stay");
        }
    }

    private String user(String prefix, String role) throws Exception {
        String name = prefix + Long.toHexString(System.nanoTime());
        HttpResponse<String> r = new Http(base)
                .json(
                        "PUT",
                        "/api/admin/users/" + name,
                        Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()),
                        "{\"password\":\"log-files-pass-1\",\"role\":\"" + role + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return Http.basic(name, "log-files-pass-1");
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(
                System.getenv("WXP_DB_URL"), System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
    }

    private static void insert(Connection c, String table, String appid, String openid, String key, Instant at)
            throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " LIKE user_log_template");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + table
                        + " (appid, openid, kind, type, msg_key, content, created_at) VALUES (?, ?, 'message', 'text', ?, ?, ?)")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            ps.setString(3, key);
            ps.setString(4, "保留测试");
            ps.setTimestamp(5, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    private static boolean tableExists(Connection c, String table) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private static int count(Connection c, String table, String appid, String openid) throws Exception {
        if (!tableExists(c, table)) {
            return 0;
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE appid = ? AND openid = ?")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
