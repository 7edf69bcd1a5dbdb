package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The test node samples itself ({@code WXP_MONITOR_NET_SECONDS}=2 in scripts/test): traffic and load rows
 * appear in {@code node_sample} within seconds and {@code /api/admin/monitor} answers them as series;
 * ADMIN reads, AGENT is refused, bad input names its field.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MonitorIT {

    static final String NODE = "it-node";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @Test
    void samplesOfTheTestNodeAppearAndTheApiAnswersThem() throws Exception {
        Http http = new Http(base);
        String sa = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        long deadline = System.currentTimeMillis() + 60_000;
        while ((rows("net") < 2 || rows("load") < 1) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        long net = rows("net");
        long load = rows("load");
        assertTrue(net >= 2, "network samples of " + NODE + " within a minute: " + net);
        assertTrue(load >= 1, "a load sample at start-up: " + load);

        HttpResponse<String> r = http.get("/api/admin/monitor?node=" + NODE, sa);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject answer = DailyMailApiIT.parse(r.body());
        assertEquals(120, answer.getInt("bucketSeconds"), "a day in buckets of 2 minutes (720 points at most)");
        JsonArray nodes = answer.getJsonArray("nodes");
        assertEquals(1, nodes.size(), r.body());
        JsonObject node = nodes.getJsonObject(0);
        assertEquals(NODE, node.getString("node"));
        JsonArray traffic = node.getJsonArray("traffic");
        assertFalse(traffic.isEmpty(), r.body());
        JsonObject lo = traffic.stream()
                .map(v -> v.asJsonObject())
                .filter(o -> o.getString("iface").equals("lo"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the loopback interface: " + r.body()));
        JsonArray point = lo.getJsonArray("points").getJsonArray(0);
        assertEquals(5, point.size());
        assertTrue(point.getString(0).endsWith("+08:00"), point.toString());
        assertTrue(point.getJsonNumber(1).longValue() >= 0);
        JsonArray loadPoint = node.getJsonArray("load").getJsonArray(0);
        assertEquals(4, loadPoint.size());
        assertTrue(loadPoint.getJsonNumber(1).doubleValue() >= 0);

        // the loopback carries this very test's HTTP traffic: bytes in and out show up
        long bytes = 0;
        for (var p : lo.getJsonArray("points")) {
            bytes += p.asJsonArray().getJsonNumber(1).longValue();
        }
        assertTrue(bytes > 0, "loopback traffic counted: " + lo);
    }

    @Test
    void rolesAndBadInput() throws Exception {
        Http http = new Http(base);
        String sa = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        String admin = DailyMailApiIT.user(http, sa, "ADMIN");
        String agent = DailyMailApiIT.user(http, sa, "AGENT");
        assertEquals(200, http.get("/api/admin/monitor", admin).statusCode());
        assertEquals(403, http.get("/api/admin/monitor", agent).statusCode());
        assertEquals(401, http.get("/api/admin/monitor", null).statusCode());
        for (String[] bad : List.of(
                new String[] {"from=yesterday", "from"},
                new String[] {"to=2026-12-01T25:00", "to"},
                new String[] {"from=2026-12-02T10:00&to=2026-12-02T09:00", "from"},
                new String[] {"from=2026-10-01T00:00&to=2026-12-02T00:00", "to"},
                new String[] {"node=" + URLEncoder.encode("a b<", StandardCharsets.UTF_8), "node"},
                new String[] {"node=" + "n".repeat(65), "node"})) {
            HttpResponse<String> r = http.get("/api/admin/monitor?" + bad[0], admin);
            assertEquals(400, r.statusCode(), bad[0] + ": " + r.body());
            assertTrue(DailyMailApiIT.parse(r.body()).getString("error").startsWith(bad[1] + ":"), r.body());
        }
    }

    @Test
    void theScalingMonitorReportsWithItsTokenAndTheApiShowsRequestsAndTierChanges() throws Exception {
        Http http = new Http(base);
        String sa = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        String token = "Bearer " + System.getenv().getOrDefault("WXP_MONITOR_TOKEN", "it-monitor-token");
        String balancer = "lb-" + Long.toHexString(System.nanoTime());
        String reading = "{\"balancer\":\"" + balancer + "\",\"rps\":%d,\"tier\":%d,\"changed\":%s}";
        assertEquals(
                401, report(http, null, String.format(reading, 10, 1, "false")).statusCode());
        assertEquals(
                401,
                report(http, "Bearer wrong", String.format(reading, 10, 1, "false"))
                        .statusCode());
        assertEquals(
                401, report(http, sa, String.format(reading, 10, 1, "false")).statusCode(), "admin Basic is no token");
        for (String[] bad : List.of(
                new String[] {String.format(reading, 10, 0, "false"), "tier"},
                new String[] {String.format(reading, -1, 1, "false"), "rps"},
                new String[] {"{\"balancer\":\"a b\",\"rps\":1,\"tier\":1}", "balancer"},
                new String[] {"[1]", "body"},
                new String[] {"{", "body"})) {
            HttpResponse<String> r = report(http, token, bad[0]);
            assertEquals(400, r.statusCode(), bad[0] + ": " + r.body());
            assertTrue(DailyMailApiIT.parse(r.body()).getString("error").startsWith(bad[1] + ":"), r.body());
        }
        assertEquals(
                204,
                report(http, token, String.format(reading, 320, 1, "false")).statusCode());
        assertEquals(
                204, report(http, token, String.format(reading, 760, 2, "true")).statusCode());
        assertEquals(
                204,
                report(http, token, String.format(reading, 780, 2, "false")).statusCode());

        JsonObject answer =
                DailyMailApiIT.parse(http.get("/api/admin/monitor", sa).body());
        JsonObject scale = answer.getJsonArray("scale").stream()
                .map(v -> v.asJsonObject())
                .filter(o -> o.getString("balancer").equals(balancer))
                .findFirst()
                .orElseThrow(() -> new AssertionError(answer.toString()));
        JsonArray last = scale.getJsonArray("points")
                .getJsonArray(scale.getJsonArray("points").size() - 1);
        assertEquals(2, last.getInt(2), "the tier of the latest bucket");
        List<JsonObject> changes = answer.getJsonArray("tierChanges").stream()
                .map(v -> v.asJsonObject())
                .filter(o -> o.getString("balancer").equals(balancer))
                .toList();
        assertEquals(1, changes.size(), answer.toString());
        assertEquals(2, changes.get(0).getInt("tier"));
        assertEquals(760.0, changes.get(0).getJsonNumber("rps").doubleValue());
    }

    static HttpResponse<String> report(Http http, String authorization, String body) throws Exception {
        return http.json("POST", "/api/monitor/scale", authorization, body);
    }

    @Test
    void theMonitorPageDrawsTheTestNodesCharts() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (rows("net") < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        try (Chromium browser = Chromium.start("MonitorIT", 1366, 1150)) {
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(20));
            var driver = browser.driver;
            driver.get(base + "login.html");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys(TestEnv.ADMIN);
            driver.findElement(By.id("password")).sendKeys(TestEnv.adminPassword());
            driver.findElement(By.id("signIn")).click();
            wait.until(ExpectedConditions.urlContains("/admin/"));
            driver.get(base + "admin/monitor.html?node=" + NODE);
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("[data-node='" + NODE + "'] .monitor-chart canvas")));
            assertEquals(
                    2,
                    driver.findElements(By.cssSelector("[data-node='" + NODE + "'] .monitor-chart canvas"))
                            .size(),
                    "a traffic and a load chart");
            assertTrue(
                    driver.findElement(By.cssSelector("#nav .active")).getText().contains("监控"));
            HttpResponse<String> reported = report(
                    new Http(base),
                    "Bearer " + System.getenv().getOrDefault("WXP_MONITOR_TOKEN", "it-monitor-token"),
                    "{\"balancer\":\"lb1\",\"rps\":1200,\"tier\":3,\"changed\":true}");
            assertEquals(204, reported.statusCode(), reported.body());
            // the last quarter of an hour, so that the test's seconds of samples fill the charts
            String from = java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai"))
                    .minusMinutes(15)
                    .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                    .toString();
            ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeScript("document.getElementById('from').value = arguments[0];", from);
            driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("nodes"), "lb1"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-scale] canvas")));
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("[data-node='" + NODE + "'] .monitor-chart canvas")));
            browser.screenshot("admin-monitor");
        }
    }

    static long rows(String kind) throws Exception {
        try (Connection c = DailyMailIT.database().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT COUNT(*) FROM node_sample WHERE node = ? AND kind = ?")) {
            ps.setString(1, NODE);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
