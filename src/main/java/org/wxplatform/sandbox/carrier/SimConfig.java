package org.wxplatform.sandbox.carrier;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;

/**
 * How the simulated carrier behaves: latency of queries, uniform latency range of orders, the share of
 * calls answered SYSTEM_BUSY, and "down" (every SOAP request answers HTTP 503).
 */
public record SimConfig(
        long queryLatencyMs, long orderLatencyMinMs, long orderLatencyMaxMs, double failureRate, boolean down) {

    public static final SimConfig DEFAULT = new SimConfig(50, 2000, 8000, 0.0, false);
    static final long MAX_LATENCY_MS = 120_000;

    public SimConfig {
        if (queryLatencyMs < 0 || queryLatencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException("queryLatencyMs must be 0.." + MAX_LATENCY_MS);
        }
        if (orderLatencyMinMs < 0 || orderLatencyMaxMs > MAX_LATENCY_MS || orderLatencyMinMs > orderLatencyMaxMs) {
            throw new IllegalArgumentException(
                    "orderLatencyMinMs and orderLatencyMaxMs must satisfy 0 <= min <= max <= " + MAX_LATENCY_MS);
        }
        if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
            throw new IllegalArgumentException("failureRate must be between 0 and 1");
        }
    }

    /** This configuration with the members present in {@code patch}; IllegalArgumentException naming a bad one. */
    public SimConfig merge(JsonObject patch) {
        for (String key : patch.keySet()) {
            if (!DEFAULT.toHash().containsKey(key)) {
                throw new IllegalArgumentException("unknown member '" + key + "'");
            }
        }
        return new SimConfig(
                number(patch, "queryLatencyMs", queryLatencyMs),
                number(patch, "orderLatencyMinMs", orderLatencyMinMs),
                number(patch, "orderLatencyMaxMs", orderLatencyMaxMs),
                patch.containsKey("failureRate") ? decimal(patch, "failureRate") : failureRate,
                patch.containsKey("down") ? bool(patch, "down") : down);
    }

    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("queryLatencyMs", queryLatencyMs)
                .add("orderLatencyMinMs", orderLatencyMinMs)
                .add("orderLatencyMaxMs", orderLatencyMaxMs)
                .add("failureRate", failureRate)
                .add("down", down)
                .build();
    }

    Map<String, String> toHash() {
        Map<String, String> h = new HashMap<>();
        h.put("queryLatencyMs", Long.toString(queryLatencyMs));
        h.put("orderLatencyMinMs", Long.toString(orderLatencyMinMs));
        h.put("orderLatencyMaxMs", Long.toString(orderLatencyMaxMs));
        h.put("failureRate", Double.toString(failureRate));
        h.put("down", Boolean.toString(down));
        return h;
    }

    static SimConfig fromHash(Map<String, String> h) {
        if (h == null || h.isEmpty()) {
            return DEFAULT;
        }
        return new SimConfig(
                Long.parseLong(h.getOrDefault("queryLatencyMs", "50")),
                Long.parseLong(h.getOrDefault("orderLatencyMinMs", "2000")),
                Long.parseLong(h.getOrDefault("orderLatencyMaxMs", "8000")),
                Double.parseDouble(h.getOrDefault("failureRate", "0")),
                Boolean.parseBoolean(h.getOrDefault("down", "false")));
    }

    private static long number(JsonObject o, String key, long current) {
        if (!o.containsKey(key)) {
            return current;
        }
        JsonValue v = o.get(key);
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new IllegalArgumentException(key + " must be a whole number of milliseconds");
        }
        return n.longValue();
    }

    private static double decimal(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (!(v instanceof JsonNumber n)) {
            throw new IllegalArgumentException(key + " must be a number");
        }
        return n.doubleValue();
    }

    private static boolean bool(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == JsonValue.TRUE) {
            return true;
        }
        if (v == JsonValue.FALSE) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be true or false");
    }
}
