package org.wxplatform.platform.health;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/** The state of each dependency of a node, in a fixed order. */
public record HealthReport(String node, List<Check> checks) {

    /** One dependency: its name, whether it answered, how long it took, and why not if it did not. */
    public record Check(String name, boolean up, long millis, String reason) {}

    public boolean up() {
        return checks.stream().allMatch(Check::up);
    }

    /** What anybody may see: up or down, nothing of the node, its dependencies or their errors. */
    public String toPublicJson() {
        return Json.createObjectBuilder()
                .add("status", up() ? "UP" : "DOWN")
                .build()
                .toString();
    }

    public String toJson() {
        JsonObjectBuilder details = Json.createObjectBuilder();
        JsonArrayBuilder down = Json.createArrayBuilder();
        for (Check c : checks) {
            JsonObjectBuilder one = Json.createObjectBuilder()
                    .add("status", c.up() ? "UP" : "DOWN")
                    .add("ms", c.millis());
            if (!c.up()) {
                one.add("reason", c.reason());
                down.add(c.name());
            }
            details.add(c.name(), one);
        }
        return Json.createObjectBuilder()
                .add("status", up() ? "UP" : "DOWN")
                .add("node", node)
                .add("down", down)
                .add("checks", details)
                .build()
                .toString();
    }
}
