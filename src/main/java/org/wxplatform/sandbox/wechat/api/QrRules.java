package org.wxplatform.sandbox.wechat.api;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * WeChat's rules for {@code /cgi-bin/qrcode/create}: {@code action_name} QR_SCENE / QR_STR_SCENE
 * (temporary: {@code expire_seconds} 1 to 2592000, default 60) or QR_LIMIT_SCENE / QR_LIMIT_STR_SCENE
 * (permanent); {@code action_info.scene.scene_id} a positive 32-bit integer (at most 100000 for permanent
 * codes) or {@code scene_str} of 1 to 64 characters. Errors answer 40053 (bad action info) or 40097 (bad
 * arguments).
 */
public final class QrRules {

    private QrRules() {}

    /** A checked request: whether it is permanent, its scene as text and its lifetime (0 permanent). */
    public record Qr(String action, boolean permanent, String scene, int expireSeconds) {}

    public static Qr check(JsonObject body) {
        String action = MenuRules.string(body, "action_name");
        if (action == null
                || !java.util.Set.of("QR_SCENE", "QR_STR_SCENE", "QR_LIMIT_SCENE", "QR_LIMIT_STR_SCENE")
                        .contains(action)) {
            throw new ApiFailure(ApiFailure.INVALID_ARGS, "invalid args hint: action_name");
        }
        boolean permanent = action.startsWith("QR_LIMIT");
        boolean str = action.endsWith("STR_SCENE");
        if (!(body.get("action_info") instanceof JsonObject info) || !(info.get("scene") instanceof JsonObject scene)) {
            throw new ApiFailure(ApiFailure.INVALID_ACTION_INFO, "invalid action info hint: action_info.scene missing");
        }
        String value;
        if (str) {
            value = MenuRules.string(scene, "scene_str");
            if (value == null || value.isEmpty() || value.length() > 64) {
                throw new ApiFailure(ApiFailure.INVALID_ACTION_INFO, "invalid action info hint: scene_str 1 to 64");
            }
        } else {
            if (!(scene.get("scene_id") instanceof JsonNumber n) || !n.isIntegral()) {
                throw new ApiFailure(ApiFailure.INVALID_ACTION_INFO, "invalid action info hint: scene_id missing");
            }
            long id = n.longValue();
            if (id < 1 || id > (permanent ? 100_000 : Integer.MAX_VALUE)) {
                throw new ApiFailure(
                        ApiFailure.INVALID_ACTION_INFO,
                        "invalid action info hint: scene_id 1 to " + (permanent ? "100000" : "2^31-1"));
            }
            value = Long.toString(id);
        }
        int expire = 0;
        if (!permanent) {
            JsonValue e = body.get("expire_seconds");
            long seconds = 60;
            if (e instanceof JsonNumber en && en.isIntegral()) {
                seconds = en.longValue();
            } else if (e != null && e.getValueType() != JsonValue.ValueType.NULL) {
                throw new ApiFailure(ApiFailure.INVALID_ARGS, "invalid args hint: expire_seconds");
            }
            if (seconds < 1 || seconds > 2_592_000) {
                throw new ApiFailure(ApiFailure.INVALID_ARGS, "invalid args hint: expire_seconds 1 to 2592000");
            }
            expire = (int) seconds;
        }
        return new Qr(action, permanent, value, expire);
    }
}
