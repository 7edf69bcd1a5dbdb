package org.wxplatform.sandbox.wechat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wxplatform.TestRedis;
import org.wxplatform.sandbox.ServletFakes;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.SandboxAccount;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The registry servlet over a real Redis: the test database of {@code scripts/test}
 * ({@code WXP_TEST_REDIS_URL}, default {@code redis://127.0.0.1:6379/1}). Skipped when no Redis answers;
 * every test uses fresh random AppIds and removes them afterwards.
 */
class SandboxAccountsServletTest {

    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static JedisPool pool;
    private final List<String> created = new ArrayList<>();
    private SandboxAccountsServlet servlet;

    @BeforeAll
    static void redis() {
        pool = TestRedis.openOrSkip();
    }

    @AfterAll
    static void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @AfterEach
    void cleanUp() {
        try (Jedis jedis = pool.getResource()) {
            created.forEach(appId -> jedis.del(SandboxAccounts.KEY_PREFIX + appId));
        }
    }

    private String newAppId() {
        StringBuilder id = new StringBuilder("wx");
        for (int i = 0; i < 16; i++) {
            id.append("0123456789abcdef".charAt(RANDOM.nextInt(16)));
        }
        created.add(id.toString());
        return id.toString();
    }

    private ServletFakes.Response call(String method, String path, String body) throws Exception {
        if (servlet == null) {
            servlet = new SandboxAccountsServlet();
            servlet.accounts = new SandboxAccounts(pool);
        }
        ServletFakes.Response response = new ServletFakes.Response();
        switch (method) {
            case "GET" -> servlet.doGet(ServletFakes.request(method, path, body), response.proxy);
            case "PUT" -> servlet.doPut(ServletFakes.request(method, path, body), response.proxy);
            case "DELETE" -> servlet.doDelete(ServletFakes.request(method, path, body), response.proxy);
            default -> throw new IllegalArgumentException(method);
        }
        return response;
    }

    @Test
    void theApiSettingsAreStoredAndKeptByABodyWithoutThem() throws Exception {
        String appId = newAppId();
        String secret = "0123456789abcdef0123456789abcdef";
        ServletFakes.Response created = call(
                "PUT",
                "/" + appId,
                "{\"token\":\"token123\",\"mode\":\"plain\",\"secret\":\"" + secret
                        + "\",\"callbackUrl\":\"http://127.0.0.1:8080/wx/callback/" + appId + "?x=1\"}");
        assertEquals(201, created.status, created.body());
        SandboxAccount stored =
                SandboxAccount.fromJson(call("GET", "/" + appId, null).body());
        assertEquals(secret, stored.secret());
        assertEquals("http://127.0.0.1:8080/wx/callback/" + appId + "?x=1", stored.callbackUrl());

        call("PUT", "/" + appId, "{\"token\":\"token456\",\"mode\":\"plain\"}");
        stored = SandboxAccount.fromJson(call("GET", "/" + appId, null).body());
        assertEquals("token456", stored.token());
        assertEquals(secret, stored.secret(), "kept when the body does not name it");

        call("PUT", "/" + appId, "{\"token\":\"token456\",\"mode\":\"plain\",\"secret\":null,\"callbackUrl\":null}");
        stored = SandboxAccount.fromJson(call("GET", "/" + appId, null).body());
        assertEquals(null, stored.secret());
        assertEquals(null, stored.callbackUrl());

        assertEquals(
                400, call("PUT", "/" + appId, "{\"token\":\"t12\",\"mode\":\"plain\",\"secret\":\"short\"}").status);
        assertEquals(
                400,
                call("PUT", "/" + appId, "{\"token\":\"t12\",\"mode\":\"plain\",\"callbackUrl\":\"ftp://x/\"}").status);
    }

    @Test
    void aProductOnTheRealWeChatApiNeverLeavesItsAppSecretInTheSandbox() throws Exception {
        String appId = newAppId();
        String property = "wxp.wechat.api.base";
        System.setProperty(property, "https://api.weixin.qq.com");
        try {
            ServletFakes.Response refused = call(
                    "PUT",
                    "/" + appId,
                    "{\"token\":\"token123\",\"mode\":\"plain\",\"secret\":\"0123456789abcdef0123456789abcdef\"}");
            assertEquals(409, refused.status, refused.body());
            assertEquals(404, call("GET", "/" + appId, null).status, "nothing stored");
            // the callback settings alone (what the simulator needs) are still taken
            assertEquals(201, call("PUT", "/" + appId, "{\"token\":\"token123\",\"mode\":\"plain\"}").status);
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void putCreatesThenReplacesAndGetReturnsTheStoredAccount() throws Exception {
        String appId = newAppId();
        ServletFakes.Response created = call(
                "PUT",
                "/" + appId,
                "{\"token\":\"token123\",\"aesKey\":\"" + KEY + "\",\"mode\":\"safe\",\"name\":\"营业厅\","
                        + "\"originalId\":\"gh_abc\"}");
        assertEquals(201, created.status, created.body());
        assertEquals("application/json", created.contentType);
        assertEquals(
                new SandboxAccount(appId, "营业厅", "token123", KEY, CallbackMode.SAFE, "gh_abc"),
                SandboxAccount.fromJson(created.body()));

        ServletFakes.Response got = call("GET", "/" + appId, null);
        assertEquals(200, got.status);
        assertEquals(created.body(), got.body());

        ServletFakes.Response replaced = call("PUT", "/" + appId, "{\"token\":\"token456\",\"mode\":\"plain\"}");
        assertEquals(200, replaced.status, replaced.body());
        SandboxAccount now =
                SandboxAccount.fromJson(call("GET", "/" + appId, null).body());
        assertEquals(new SandboxAccount(appId, "", "token456", null, CallbackMode.PLAIN, null), now);
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> hash = jedis.hgetAll(SandboxAccounts.KEY_PREFIX + appId);
            assertFalse(hash.containsKey("aesKey"), "a replaced account keeps no field of the old one");
            assertEquals(-1, jedis.ttl(SandboxAccounts.KEY_PREFIX + appId), "no expiry");
        }
    }

    @Test
    void listShowsEveryAccountOrderedByAppId() throws Exception {
        String a = newAppId();
        String b = newAppId();
        call("PUT", "/" + b, "{\"token\":\"token123\",\"mode\":\"plain\"}");
        call("PUT", "/" + a, "{\"token\":\"token123\",\"mode\":\"plain\"}");
        ServletFakes.Response list = call("GET", null, null);
        assertEquals(200, list.status);
        String body = list.body();
        assertTrue(body.startsWith("["), body);
        int first = body.indexOf(a.compareTo(b) < 0 ? a : b);
        int second = body.indexOf(a.compareTo(b) < 0 ? b : a);
        assertTrue(first > 0 && second > first, body);
    }

    @Test
    void unknownAccountsAndPathsAre404() throws Exception {
        String appId = newAppId();
        ServletFakes.Response missing = call("GET", "/" + appId, null);
        assertEquals(404, missing.status);
        assertTrue(missing.body().contains("no sandbox account " + appId), missing.body());
        assertEquals(404, call("GET", "/" + appId + "/more", null).status);
        assertEquals(404, call("GET", "/not-an-appid", null).status);
        assertEquals(404, call("PUT", null, "{}").status);
        assertEquals(404, call("DELETE", "/" + appId, null).status);
    }

    @Test
    void invalidBodiesAre400AndStoreNothing() throws Exception {
        String appId = newAppId();
        ServletFakes.Response bad = call("PUT", "/" + appId, "{\"token\":\"token123\",\"mode\":\"safe\"}");
        assertEquals(400, bad.status);
        assertTrue(bad.body().contains("aesKey"), bad.body());
        assertEquals(400, call("PUT", "/" + appId, "not json").status);
        assertEquals(413, call("PUT", "/" + appId, "{\"name\":\"" + "x".repeat(20_000) + "\"}").status);
        assertEquals(404, call("GET", "/" + appId, null).status);
    }

    @Test
    void deleteRemovesTheAccount() throws Exception {
        String appId = newAppId();
        call("PUT", "/" + appId, "{\"token\":\"token123\",\"mode\":\"plain\"}");
        assertEquals(204, call("DELETE", "/" + appId, null).status);
        assertEquals(404, call("GET", "/" + appId, null).status);
    }

    @Test
    void aHashEditedIntoSomethingInvalidIsSkippedNotHalfRead() throws Exception {
        String appId = newAppId();
        try (Jedis jedis = pool.getResource()) {
            jedis.hset(SandboxAccounts.KEY_PREFIX + appId, Map.of("appid", appId, "token", "x", "mode", "plain"));
        }
        assertEquals(404, call("GET", "/" + appId, null).status);
        assertFalse(call("GET", null, null).body().contains(appId));
    }
}
