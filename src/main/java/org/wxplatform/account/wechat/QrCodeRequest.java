package org.wxplatform.account.wechat;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * What {@code /cgi-bin/qrcode/create} makes: a temporary code (up to 30 days) or a permanent one, with a
 * numeric scene (temporary: any positive 32-bit number; permanent: 1-100000) or a string scene (1-64
 * characters).
 */
public record QrCodeRequest(Long sceneId, String sceneStr, long expireSeconds, boolean permanent) {

    public static final long MAX_EXPIRE_SECONDS = 2_592_000;

    public QrCodeRequest {
        if ((sceneId == null) == (sceneStr == null)) {
            throw new IllegalArgumentException("a QR code has either a scene id or a scene string");
        }
        if (sceneId != null && (sceneId < 1 || sceneId > (permanent ? 100_000 : 4_294_967_295L))) {
            throw new IllegalArgumentException("scene id out of range: " + sceneId);
        }
        if (sceneStr != null && (sceneStr.isEmpty() || sceneStr.length() > 64)) {
            throw new IllegalArgumentException("scene string must be 1-64 characters");
        }
        if (!permanent && (expireSeconds < 60 || expireSeconds > MAX_EXPIRE_SECONDS)) {
            throw new IllegalArgumentException("a temporary QR code lives 60 s to 30 days, not " + expireSeconds);
        }
    }

    public static QrCodeRequest temporary(long sceneId, long expireSeconds) {
        return new QrCodeRequest(sceneId, null, expireSeconds, false);
    }

    public static QrCodeRequest temporary(String sceneStr, long expireSeconds) {
        return new QrCodeRequest(null, sceneStr, expireSeconds, false);
    }

    public static QrCodeRequest permanent(long sceneId) {
        return new QrCodeRequest(sceneId, null, 0, true);
    }

    public static QrCodeRequest permanent(String sceneStr) {
        return new QrCodeRequest(null, sceneStr, 0, true);
    }

    JsonObject toJson() {
        String action = (permanent ? "QR_LIMIT_" : "QR_") + (sceneStr != null ? "STR_SCENE" : "SCENE");
        JsonObjectBuilder scene = JsonP.JSON.createObjectBuilder();
        if (sceneStr != null) {
            scene.add("scene_str", sceneStr);
        } else {
            scene.add("scene_id", sceneId);
        }
        JsonObjectBuilder b = JsonP.JSON.createObjectBuilder();
        if (!permanent) {
            b.add("expire_seconds", expireSeconds);
        }
        return b.add("action_name", action)
                .add("action_info", JsonP.JSON.createObjectBuilder().add("scene", scene))
                .build();
    }
}
