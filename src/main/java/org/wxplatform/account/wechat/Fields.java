package org.wxplatform.account.wechat;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Checks of the values that go to WeChat, each failing with a message naming the field. */
final class Fields {

    private Fields() {}

    static void openid(String openid) {
        if (openid == null || !openid.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("toUser must be an OpenID (1-64 letters, digits, '_' or '-')");
        }
    }

    static void text(String value, String name, int maxChars) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.length() > maxChars) {
            throw new IllegalArgumentException(name + " is longer than " + maxChars + " characters");
        }
    }

    static void url(String value, String name) {
        if (value == null || !(value.startsWith("http://") || value.startsWith("https://")) || value.length() > 1024) {
            throw new IllegalArgumentException(name + " must be an http(s) URL");
        }
    }

    static void addOptional(JsonObjectBuilder b, String key, String value) {
        if (value != null && !value.isEmpty()) {
            b.add(key, value);
        }
    }

    static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() == JsonValue.ValueType.STRING) {
            return o.getString(key);
        }
        return v.toString();
    }

    static long number(JsonObject o, String key, long otherwise) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() != JsonValue.ValueType.NUMBER) {
            return otherwise;
        }
        return o.getJsonNumber(key).longValue();
    }

    static String required(JsonObject o, String key, String path) throws WeChatApiException {
        String s = string(o, key);
        if (s == null || s.isEmpty()) {
            throw new WeChatApiException(path, WeChatApiException.NO_ERRCODE, "answer without " + key);
        }
        return s;
    }
}
