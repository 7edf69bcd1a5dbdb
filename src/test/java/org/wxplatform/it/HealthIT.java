package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /health}: 200 with every dependency up; with MySQL stopped, 503 naming the database and no
 * stack trace; with MySQL back, 200 again from the same server (no restart).
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

        Assumptions.assumeTrue(new File("scripts/services").canExecute(), "scripts/services not found");
        services("stop", "mysql");
        try {
            HttpResponse<String> down = http.get("/health", null);
            assertEquals(503, down.statusCode(), down.body());
            JsonObject report = parse(down);
            assertEquals("DOWN", report.getString("status"));
            assertEquals("mysql", report.getJsonArray("down").getString(0));
            assertEquals(1, report.getJsonArray("down").size(), down.body());
            assertFalse(down.body().contains("Exception"), "no stack trace: " + down.body());
            assertFalse(down.body().contains("\tat "), "no stack trace: " + down.body());
        } finally {
            services("start", "mysql");
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

    private static void services(String action, String service) throws Exception {
        Process p = new ProcessBuilder("scripts/services", action, service)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "scripts/services " + action + " timed out");
        assertEquals(0, p.exitValue(), "scripts/services " + action + " " + service + ": " + out);
    }
}
