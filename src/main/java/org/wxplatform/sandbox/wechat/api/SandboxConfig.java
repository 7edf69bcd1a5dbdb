package org.wxplatform.sandbox.wechat.api;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How the sandbox WeChat behaves towards one account (set through {@code PUT
 * /sandbox/wechat/control/{appid}/config}). Every value has WeChat's normal behaviour as default.
 *
 * @param tokenTtlSeconds lifetime of a new access_token, 1 to 86400 (WeChat: 7200)
 * @param latencyMs added to every API call, 0 to 30000
 * @param failure5xxRate share of API calls answered with HTTP 503, 0.0 to 1.0
 * @param errcode errcode every API call answers instead of its result (null: none); one of 40001, 40014,
 *     42001, 45009, 45047, -1
 * @param errcodeCount how many calls answer {@code errcode} before it clears (null: all, until changed)
 * @param templateOutcome the Status of TEMPLATESENDJOBFINISH: success, failed:user block or failed:system
 *     failed
 * @param templateReceiptDelayMs delay between a template send and its TEMPLATESENDJOBFINISH, 0 to 60000
 * @param kfRules whether customer-service messages keep WeChat's time and count limits ({@link KfRules})
 * @param kfClockOffsetSeconds moves the clock of those limits forward, 0 to 2592000 (30 days): a test
 *     lets 48 hours pass without waiting
 * @param templateBlockRate share of accepted template sends whose receipt is {@code failed:user block}
 *     (the user blocked the account's template messages; the message is not delivered), 0.0 to 1.0
 * @param templateFailRate share whose receipt is {@code failed: system failed}, 0.0 to 1.0
 * @param templateMsgIdZeroRate share of accepted sends answered with msgid 0 (the receipt still carries
 *     the real MsgID), 0.0 to 1.0
 * @param templateDailyQuota template sends a day (Beijing time) before 45009, 1 to 100000000 (WeChat's
 *     default for a verified service account: 100000)
 * @param templateReceiptsHeld true: receipts are kept until {@code POST .../template-receipts/release}
 *     sends them all at once (a flood of receipts); false: each follows its send after the delay
 * @param answerLostRate share of API calls that are carried out but whose answer is lost on the way (the
 *     caller reads an HTML error page instead of the JSON answer, as behind a failing gateway), 0.0 to 1.0
 */
public record SandboxConfig(
        int tokenTtlSeconds,
        int latencyMs,
        double failure5xxRate,
        Integer errcode,
        Integer errcodeCount,
        String templateOutcome,
        int templateReceiptDelayMs,
        boolean kfRules,
        int kfClockOffsetSeconds,
        double templateBlockRate,
        double templateFailRate,
        double templateMsgIdZeroRate,
        int templateDailyQuota,
        boolean templateReceiptsHeld,
        double answerLostRate) {

    public static final Set<Integer> INJECTABLE = Set.of(
            ApiFailure.INVALID_CREDENTIAL,
            ApiFailure.INVALID_ACCESS_TOKEN,
            ApiFailure.ACCESS_TOKEN_EXPIRED,
            ApiFailure.API_FREQ_OUT_OF_LIMIT,
            ApiFailure.OUT_OF_RESPONSE_COUNT_LIMIT,
            ApiFailure.SYSTEM_BUSY);
    public static final Set<String> OUTCOMES = Set.of("success", "failed:user block", "failed:system failed");
    /** WeChat's normal behaviour (after the sets above: the constructor reads them). */
    public static final SandboxConfig DEFAULT =
            new SandboxConfig(7200, 0, 0.0, null, null, "success", 500, true, 0, 0.0, 0.0, 0.0, 100_000, false, 0.0);

    public SandboxConfig {
        range("tokenTtlSeconds", tokenTtlSeconds, 1, 86_400);
        range("latencyMs", latencyMs, 0, 30_000);
        share("failure5xxRate", failure5xxRate);
        share("templateBlockRate", templateBlockRate);
        share("templateFailRate", templateFailRate);
        share("templateMsgIdZeroRate", templateMsgIdZeroRate);
        share("answerLostRate", answerLostRate);
        if (templateBlockRate + templateFailRate > 1.0) {
            throw new IllegalArgumentException("templateBlockRate + templateFailRate must be at most 1.0");
        }
        range("templateDailyQuota", templateDailyQuota, 1, 100_000_000);
        if (errcode != null && !INJECTABLE.contains(errcode)) {
            throw new IllegalArgumentException("errcode must be null or one of 40001, 40014, 42001, 45009, 45047, -1");
        }
        if (errcodeCount != null) {
            range("errcodeCount", errcodeCount, 0, 1_000_000);
        }
        if (templateOutcome == null || !OUTCOMES.contains(templateOutcome)) {
            throw new IllegalArgumentException(
                    "templateOutcome must be success, failed:user block or failed:system failed");
        }
        range("templateReceiptDelayMs", templateReceiptDelayMs, 0, 60_000);
        range("kfClockOffsetSeconds", kfClockOffsetSeconds, 0, 2_592_000);
    }

    private static void share(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0.0 and 1.0");
        }
    }

    /**
     * The Status of the receipt of one accepted template send, drawn with {@code random} in [0, 1): the
     * configured shares of blocks and failures, else {@link #templateOutcome}.
     */
    public String drawOutcome(double random) {
        if (random < templateBlockRate) {
            return "failed:user block";
        }
        if (random < templateBlockRate + templateFailRate) {
            return "failed: system failed";
        }
        return templateOutcome;
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
        }
    }

    /** This configuration with the members present in {@code patch} changed; unknown members are refused. */
    public SandboxConfig merge(JsonObject patch) {
        for (String name : patch.keySet()) {
            if (!Set.of(
                            "tokenTtlSeconds",
                            "latencyMs",
                            "failure5xxRate",
                            "errcode",
                            "errcodeCount",
                            "templateOutcome",
                            "templateReceiptDelayMs",
                            "kfRules",
                            "kfClockOffsetSeconds",
                            "templateBlockRate",
                            "templateFailRate",
                            "templateMsgIdZeroRate",
                            "templateDailyQuota",
                            "templateReceiptsHeld",
                            "answerLostRate")
                    .contains(name)) {
                throw new IllegalArgumentException("unknown setting " + name);
            }
        }
        return new SandboxConfig(
                intOr(patch, "tokenTtlSeconds", tokenTtlSeconds),
                intOr(patch, "latencyMs", latencyMs),
                patch.containsKey("failure5xxRate") ? number(patch, "failure5xxRate") : failure5xxRate,
                patch.containsKey("errcode") ? nullableInt(patch, "errcode") : errcode,
                patch.containsKey("errcodeCount") ? nullableInt(patch, "errcodeCount") : errcodeCount,
                patch.containsKey("templateOutcome") ? string(patch, "templateOutcome") : templateOutcome,
                intOr(patch, "templateReceiptDelayMs", templateReceiptDelayMs),
                patch.containsKey("kfRules") ? bool(patch, "kfRules") : kfRules,
                intOr(patch, "kfClockOffsetSeconds", kfClockOffsetSeconds),
                patch.containsKey("templateBlockRate") ? number(patch, "templateBlockRate") : templateBlockRate,
                patch.containsKey("templateFailRate") ? number(patch, "templateFailRate") : templateFailRate,
                patch.containsKey("templateMsgIdZeroRate")
                        ? number(patch, "templateMsgIdZeroRate")
                        : templateMsgIdZeroRate,
                intOr(patch, "templateDailyQuota", templateDailyQuota),
                patch.containsKey("templateReceiptsHeld") ? bool(patch, "templateReceiptsHeld") : templateReceiptsHeld,
                patch.containsKey("answerLostRate") ? number(patch, "answerLostRate") : answerLostRate);
    }

    public JsonObject toJson() {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("tokenTtlSeconds", tokenTtlSeconds)
                .add("latencyMs", latencyMs)
                .add("failure5xxRate", failure5xxRate);
        if (errcode == null) {
            b.addNull("errcode");
        } else {
            b.add("errcode", errcode);
        }
        if (errcodeCount == null) {
            b.addNull("errcodeCount");
        } else {
            b.add("errcodeCount", errcodeCount);
        }
        return b.add("templateOutcome", templateOutcome)
                .add("templateReceiptDelayMs", templateReceiptDelayMs)
                .add("kfRules", kfRules)
                .add("kfClockOffsetSeconds", kfClockOffsetSeconds)
                .add("templateBlockRate", templateBlockRate)
                .add("templateFailRate", templateFailRate)
                .add("templateMsgIdZeroRate", templateMsgIdZeroRate)
                .add("templateDailyQuota", templateDailyQuota)
                .add("templateReceiptsHeld", templateReceiptsHeld)
                .add("answerLostRate", answerLostRate)
                .build();
    }

    /** The Redis hash form (absent fields are defaults). */
    Map<String, String> toHash() {
        Map<String, String> hash = new HashMap<>();
        hash.put("tokenTtlSeconds", Integer.toString(tokenTtlSeconds));
        hash.put("latencyMs", Integer.toString(latencyMs));
        hash.put("failure5xxRate", Double.toString(failure5xxRate));
        if (errcode != null) {
            hash.put("errcode", errcode.toString());
        }
        if (errcodeCount != null) {
            hash.put("errcodeCount", errcodeCount.toString());
        }
        hash.put("templateOutcome", templateOutcome);
        hash.put("templateReceiptDelayMs", Integer.toString(templateReceiptDelayMs));
        hash.put("kfRules", Boolean.toString(kfRules));
        hash.put("kfClockOffsetSeconds", Integer.toString(kfClockOffsetSeconds));
        hash.put("templateBlockRate", Double.toString(templateBlockRate));
        hash.put("templateFailRate", Double.toString(templateFailRate));
        hash.put("templateMsgIdZeroRate", Double.toString(templateMsgIdZeroRate));
        hash.put("templateDailyQuota", Integer.toString(templateDailyQuota));
        hash.put("templateReceiptsHeld", Boolean.toString(templateReceiptsHeld));
        hash.put("answerLostRate", Double.toString(answerLostRate));
        return hash;
    }

    static SandboxConfig fromHash(Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return DEFAULT;
        }
        try {
            return new SandboxConfig(
                    Integer.parseInt(hash.getOrDefault("tokenTtlSeconds", "7200")),
                    Integer.parseInt(hash.getOrDefault("latencyMs", "0")),
                    Double.parseDouble(hash.getOrDefault("failure5xxRate", "0")),
                    hash.containsKey("errcode") ? Integer.valueOf(hash.get("errcode")) : null,
                    hash.containsKey("errcodeCount") ? Integer.valueOf(hash.get("errcodeCount")) : null,
                    hash.getOrDefault("templateOutcome", "success"),
                    Integer.parseInt(hash.getOrDefault("templateReceiptDelayMs", "500")),
                    !"false".equals(hash.get("kfRules")),
                    Integer.parseInt(hash.getOrDefault("kfClockOffsetSeconds", "0")),
                    Double.parseDouble(hash.getOrDefault("templateBlockRate", "0")),
                    Double.parseDouble(hash.getOrDefault("templateFailRate", "0")),
                    Double.parseDouble(hash.getOrDefault("templateMsgIdZeroRate", "0")),
                    Integer.parseInt(hash.getOrDefault("templateDailyQuota", "100000")),
                    "true".equals(hash.get("templateReceiptsHeld")),
                    Double.parseDouble(hash.getOrDefault("answerLostRate", "0")));
        } catch (RuntimeException e) {
            // a hash edited by hand into nonsense: behave like WeChat
            return DEFAULT;
        }
    }

    private static int intOr(JsonObject o, String name, int fallback) {
        if (!o.containsKey(name)) {
            return fallback;
        }
        Integer v = nullableInt(o, name);
        if (v == null) {
            throw new IllegalArgumentException(name + " must be a number");
        }
        return v;
    }

    private static Integer nullableInt(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.intValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(name + " is out of range", e);
            }
        }
        throw new IllegalArgumentException(name + " must be an integer or null");
    }

    private static double number(JsonObject o, String name) {
        if (o.get(name) instanceof JsonNumber n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(name + " must be a number");
    }

    private static boolean bool(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v.getValueType() == JsonValue.ValueType.TRUE) {
            return true;
        }
        if (v.getValueType() == JsonValue.ValueType.FALSE) {
            return false;
        }
        throw new IllegalArgumentException(name + " must be true or false");
    }

    private static String string(JsonObject o, String name) {
        if (o.get(name) instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException(name + " must be a string");
    }
}
