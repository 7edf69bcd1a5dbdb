package org.wxplatform.sandbox.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SandboxAccountTest {

    private static final String APPID = "wx0123456789abcdef";
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Test
    void acceptsWeChatsFormatsAndFillsDefaults() {
        SandboxAccount a = new SandboxAccount(APPID, null, "token123", "  ", CallbackMode.PLAIN, " ");
        assertEquals("", a.name());
        assertNull(a.aesKey(), "a blank key is no key");
        assertEquals(CallbackMessages.originalIdFor(APPID), a.originalId());
        SandboxAccount safe = new SandboxAccount(APPID, " 营业厅 ", "token123", KEY, CallbackMode.SAFE, " gh_abc ");
        assertEquals("营业厅", safe.name());
        assertEquals("gh_abc", safe.originalId());
    }

    @Test
    void refusesWhatWeChatsConsoleRefusesNamingTheFieldButNotTheSecret() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new SandboxAccount("wx1", "", "token123", null, CallbackMode.PLAIN, null));
        IllegalArgumentException token = assertThrows(
                IllegalArgumentException.class,
                () -> new SandboxAccount(APPID, "", "to", null, CallbackMode.PLAIN, null));
        assertTrue(token.getMessage().startsWith("token"));
        IllegalArgumentException key = assertThrows(
                IllegalArgumentException.class,
                () -> new SandboxAccount(
                        APPID, "", "token123", "abc!defghijklmnopqrstuvwxyz0123456789ABCDEF", CallbackMode.SAFE, null));
        assertTrue(key.getMessage().startsWith("aesKey"));
        assertFalse(key.getMessage().contains("abc!"));
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> new SandboxAccount(APPID, "", "token123", null, CallbackMode.COMPAT, null));
        assertTrue(missing.getMessage().contains("compat"));
        assertThrows(IllegalArgumentException.class, () -> new SandboxAccount(APPID, "", "token123", null, null, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SandboxAccount(APPID, "", "token123", null, CallbackMode.PLAIN, "gh abc"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SandboxAccount(APPID, "x".repeat(101), "token123", null, CallbackMode.PLAIN, null));
    }

    @Test
    void readsTheRegistrysJson() {
        SandboxAccount a = SandboxAccount.fromJson("{\"appid\":\"" + APPID + "\",\"name\":\"\\u8425\\u4e1a\\u5385\","
                + "\"token\":\"token123\",\"aesKey\":\"" + KEY + "\",\"mode\":\"safe\",\"originalId\":\"gh_1\","
                + "\"updatedAt\":\"2025-01-01T00:00:00Z\"}");
        assertEquals(new SandboxAccount(APPID, "营业厅", "token123", KEY, CallbackMode.SAFE, "gh_1"), a);
        SandboxAccount plain = SandboxAccount.fromJson(
                "{\"appid\":\"" + APPID + "\",\"token\":\"token123\",\"aesKey\":null,\"mode\":\"plain\"}");
        assertNull(plain.aesKey());
        assertThrows(IllegalArgumentException.class, () -> SandboxAccount.fromJson("[]"));
        assertThrows(
                IllegalArgumentException.class,
                () -> SandboxAccount.fromJson("{\"appid\":\"" + APPID + "\",\"token\":123,\"mode\":\"plain\"}"));
    }

    @Test
    void toStringHidesTheTokenAndKey() {
        String text = new SandboxAccount(APPID, "", "token123", KEY, CallbackMode.SAFE, null).toString();
        assertFalse(text.contains("token123"));
        assertFalse(text.contains(KEY));
        assertTrue(text.contains(APPID));
    }

    @Test
    void modesReadTheConsolesNames() {
        assertEquals(CallbackMode.PLAIN, CallbackMode.parse("Plaintext"));
        assertEquals(CallbackMode.COMPAT, CallbackMode.parse(" compatible "));
        assertEquals(CallbackMode.SAFE, CallbackMode.parse("SAFE"));
        assertThrows(IllegalArgumentException.class, () -> CallbackMode.parse("aes"));
        assertEquals("compat", CallbackMode.COMPAT.wireName());
    }
}
