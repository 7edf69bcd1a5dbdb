package org.wxplatform.sandbox.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class SimConfigTest {

    static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }

    @Test
    void defaultsAreTheContracts() {
        assertEquals(
                json(
                        "{\"queryLatencyMs\":50,\"orderLatencyMinMs\":2000,\"orderLatencyMaxMs\":8000,\"failureRate\":0.0,\"down\":false}"),
                SimConfig.DEFAULT.toJson());
        assertEquals(SimConfig.DEFAULT, SimConfig.fromHash(SimConfig.DEFAULT.toHash()));
    }

    @Test
    void aPatchChangesOnlyItsMembers() {
        SimConfig c = SimConfig.DEFAULT.merge(json("{\"down\":true,\"failureRate\":0.25}"));
        assertEquals(new SimConfig(50, 2000, 8000, 0.25, true), c);
        assertEquals(c, SimConfig.fromHash(c.toHash()));
    }

    @Test
    void badMembersAreNamed() {
        for (String bad : new String[] {
            "{\"failureRate\":1.5}",
            "{\"queryLatencyMs\":-1}",
            "{\"queryLatencyMs\":1.5}",
            "{\"orderLatencyMinMs\":9000}",
            "{\"down\":\"yes\"}",
            "{\"latency\":5}"
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> SimConfig.DEFAULT.merge(json(bad)), bad);
            assertTrue(
                    e.getMessage().matches(".*(failureRate|queryLatencyMs|orderLatency|down|latency).*"),
                    e.getMessage());
        }
    }
}
