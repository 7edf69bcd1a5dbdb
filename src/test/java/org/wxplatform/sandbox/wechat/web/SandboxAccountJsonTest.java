package org.wxplatform.sandbox.wechat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.SandboxAccount;

class SandboxAccountJsonTest {

    private static final String APPID = "wx0123456789abcdef";
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Test
    void writesWhatTheCommandLineReadsBack() {
        SandboxAccount account = new SandboxAccount(APPID, "营业厅 \"A\"", "token123", KEY, CallbackMode.COMPAT, "gh_1");
        JsonObject json =
                SandboxAccountJson.toJson(new SandboxAccounts.Stored(account, Instant.parse("2025-01-02T03:04:05Z")));
        assertEquals("2025-01-02T03:04:05Z", json.getString("updatedAt"));
        assertEquals("compat", json.getString("mode"));
        assertEquals(account, SandboxAccount.fromJson(json.toString()));

        SandboxAccount plain = new SandboxAccount(APPID, "", "token123", null, CallbackMode.PLAIN, null);
        JsonObject plainJson = SandboxAccountJson.toJson(new SandboxAccounts.Stored(plain, Instant.EPOCH));
        assertTrue(plainJson.isNull("aesKey"));
        assertEquals(plain, SandboxAccount.fromJson(plainJson.toString()));
        assertEquals(
                "[" + plainJson + "]",
                SandboxAccountJson.toJson(List.of(new SandboxAccounts.Stored(plain, Instant.EPOCH))));
    }

    @Test
    void readsAPutBody() {
        SandboxAccount a = SandboxAccountJson.fromJson(
                APPID, "{\"token\":\"token123\",\"aesKey\":\"" + KEY + "\",\"mode\":\"safe\",\"name\":\"n\"}");
        assertEquals(new SandboxAccount(APPID, "n", "token123", KEY, CallbackMode.SAFE, null), a);
        SandboxAccount same = SandboxAccountJson.fromJson(
                APPID, "{\"appid\":\"" + APPID + "\",\"token\":\"token123\",\"aesKey\":null,\"mode\":\"plain\"}");
        assertNull(same.aesKey());
    }

    @Test
    void refusesBadBodiesWithAMessageNamingTheProblem() {
        assertMessage("not valid JSON", "{");
        assertMessage("JSON object", "[1]");
        assertMessage("mode is required", "{\"token\":\"token123\"}");
        assertMessage("token must be", "{\"token\":\"x\",\"mode\":\"plain\"}");
        assertMessage("token must be a string", "{\"token\":5,\"mode\":\"plain\"}");
        assertMessage("differs", "{\"appid\":\"wxffffffffffffffff\",\"token\":\"token123\",\"mode\":\"plain\"}");
        assertMessage("aesKey", "{\"token\":\"token123\",\"mode\":\"safe\"}");
    }

    private static void assertMessage(String expected, String body) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SandboxAccountJson.fromJson(APPID, body));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("token123"));
    }
}
