package org.wxplatform.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wxplatform.platform.health.HealthReport;
import org.wxplatform.platform.health.HealthReport.Check;

class HealthReportTest {

    @Test
    void upOnlyWhenEveryCheckIsUpAndNamesWhatIsDown() {
        var up = new HealthReport("n1", List.of(new Check("mysql", true, 3, null), new Check("redis", true, 1, null)));
        assertTrue(up.up());
        var down = new HealthReport(
                "n1",
                List.of(new Check("mysql", false, 2000, "Connection refused"), new Check("redis", true, 1, null)));
        assertFalse(down.up());
        var json = Json.createReader(new StringReader(down.toJson())).readObject();
        assertEquals("DOWN", json.getString("status"));
        assertEquals("mysql", json.getJsonArray("down").getString(0));
        assertEquals(
                "Connection refused",
                json.getJsonObject("checks").getJsonObject("mysql").getString("reason"));
        assertFalse(json.getJsonObject("checks").getJsonObject("redis").containsKey("reason"));
    }

    @Test
    void rootMessageIsOneLine() {
        var e = new RuntimeException("outer", new IllegalStateException("inner\nsecond line"));
        assertEquals("inner", PlatformLifecycle.rootMessage(e));
    }
}
