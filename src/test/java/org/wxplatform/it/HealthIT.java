package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /health}: 200 with every dependency up; with the database cut away (the forwarder scripts/test
 * puts between the test server and MySQL), 503 naming mysql and no stack trace; with the link back,
 * 200 again from the same server (no restart). No shared service is stopped.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HealthIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    private static JsonObject parse(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    @Test
    void reportsEachDependencyAndRecoversFromADatabaseOutage() throws Exception {
        Http http = new Http(base);
        HttpResponse<String> up = http.get("/health", null);
        assertEquals(200, up.statusCode(), up.body());
        JsonObject checks = parse(up).getJsonObject("checks");
        for (String name : new String[] {"mysql", "redis", "rabbitmq", "scheduler"}) {
            assertEquals("UP", checks.getJsonObject(name).getString("status"), name);
        }

        // the test server reaches MySQL through scripts/test's forwarder: cutting it takes the
        // database away from this server only (the machine's MariaDB keeps running)
        String cutFile = System.getenv("WXP_TEST_DB_CUT_FILE");
        if (cutFile == null) {
            TestEnv.cannotRun("HealthIT's outage", "WXP_TEST_DB_CUT_FILE is not set: run the tests with scripts/test");
        }
        Path cut = Path.of(cutFile);
        Files.writeString(cut, "cut by HealthIT\n");
        try {
            HttpResponse<String> down = awaitStatus(http, 503, 20);
            assertEquals(503, down.statusCode(), down.body());
            JsonObject report = parse(down);
            assertEquals("DOWN", report.getString("status"));
            assertEquals("mysql", report.getJsonArray("down").getString(0));
            assertEquals(1, report.getJsonArray("down").size(), down.body());
            assertFalse(down.body().contains("Exception"), "no stack trace: " + down.body());
            assertFalse(down.body().contains("\tat "), "no stack trace: " + down.body());
        } finally {
            Files.deleteIfExists(cut);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int status;
        do {
            status = http.get("/health", null).statusCode();
            if (status != 200) {
                Thread.sleep(250);
            }
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status, "healthy again without restarting the server");
        assertTrue(
                http.json("GET", "/api/admin/accounts", Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()), null)
                                .statusCode()
                        == 200,
                "and the database is usable again");
    }

    /** Polls /health until it answers {@code want} (or the time is up); answers the last response. */
    private static HttpResponse<String> awaitStatus(Http http, int want, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        HttpResponse<String> r;
        do {
            r = http.get("/health", null);
            if (r.statusCode() != want) {
                Thread.sleep(250);
            }
        } while (r.statusCode() != want && System.nanoTime() < deadline);
        return r;
    }
}
