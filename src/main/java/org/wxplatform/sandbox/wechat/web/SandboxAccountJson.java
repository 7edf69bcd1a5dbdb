package org.wxplatform.sandbox.wechat.web;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.List;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.SandboxAccount;

/**
 * The registry's JSON: an account is {@code {appid, name, token, aesKey, mode, originalId, secret,
 * callbackUrl, updatedAt}} ({@code aesKey} null in plain mode without a key, {@code secret} null when none
 * was registered, {@code callbackUrl} null for the default); a PUT body has the same members without
 * {@code appid} (the path names it) and {@code updatedAt}. The sandbox is a development tool, so the token
 * and key are shown in full: the command line reads them from here.
 */
final class SandboxAccountJson {

    private SandboxAccountJson() {}

    static JsonObject toJson(SandboxAccounts.Stored stored) {
        SandboxAccount a = stored.account();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("appid", a.appId())
                .add("name", a.name())
                .add("token", a.token());
        if (a.aesKey() == null) {
            json.addNull("aesKey");
        } else {
            json.add("aesKey", a.aesKey());
        }
        json.add("mode", a.mode().wireName()).add("originalId", a.originalId());
        if (a.secret() == null) {
            json.addNull("secret");
        } else {
            json.add("secret", a.secret());
        }
        if (a.callbackUrl() == null) {
            json.addNull("callbackUrl");
        } else {
            json.add("callbackUrl", a.callbackUrl());
        }
        return json.add("updatedAt", stored.updatedAt().toString()).build();
    }

    static String toJson(List<SandboxAccounts.Stored> accounts) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        accounts.forEach(a -> array.add(toJson(a)));
        return array.build().toString();
    }

    /**
     * Reads a PUT body for {@code appId}.
     *
     * @throws IllegalArgumentException naming the member that is missing or wrong, or saying the body is not
     *     a JSON object (never echoing the parser's internals)
     */
    static SandboxAccount fromJson(String appId, String body) {
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            json = value.asJsonObject();
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("the body is not valid JSON", e);
        } catch (JsonException e) {
            throw new IllegalArgumentException("the body must be one JSON object", e);
        }
        String given = string(json, "appid");
        if (given != null && !given.equals(appId)) {
            throw new IllegalArgumentException("appid in the body differs from the one in the path");
        }
        String mode = string(json, "mode");
        if (mode == null) {
            throw new IllegalArgumentException("mode is required (plain, compat or safe)");
        }
        return new SandboxAccount(
                appId,
                string(json, "name"),
                string(json, "token"),
                string(json, "aesKey"),
                CallbackMode.parse(mode),
                string(json, "originalId"),
                string(json, "secret"),
                string(json, "callbackUrl"));
    }

    /** Whether the (already validated) body names the member at all, even as null. */
    static boolean has(String body, String name) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject().containsKey(name);
        }
    }

    private static String string(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException(name + " must be a string");
    }
}
