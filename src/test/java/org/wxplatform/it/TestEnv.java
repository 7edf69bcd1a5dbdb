package org.wxplatform.it;

import java.util.concurrent.ThreadLocalRandom;

/** Values the test server runs with (set by scripts/test) and unique test data. */
public final class TestEnv {

    private TestEnv() {}

    public static final String ADMIN = System.getenv().getOrDefault("WXP_ADMIN_USER", "admin");

    /** A connection to the test server's database (WXP_DB_URL, WXP_DB_USER, WXP_DB_PASSWORD, set by scripts/test). */
    public static java.sql.Connection db() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(
                System.getenv("WXP_DB_URL"), System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
    }

    public static String adminPassword() {
        String pw = System.getenv("WXP_ADMIN_PASSWORD");
        if (pw == null) {
            throw new IllegalStateException("WXP_ADMIN_PASSWORD is not set: run the tests with scripts/test");
        }
        return pw;
    }

    /** WXP_TEST_ALLOW_SKIP=1 (scripts/test passes it on): a test that cannot run may be skipped. */
    public static boolean skipAllowed() {
        return "1".equals(System.getenv("WXP_TEST_ALLOW_SKIP"));
    }

    /**
     * A test that cannot run here: fails it, or skips it (JUnit abort) where the caller allowed
     * skipping with WXP_TEST_ALLOW_SKIP=1. Never returns.
     */
    public static void cannotRun(String what, String reason) {
        String line = "cannot run " + what + ": " + reason;
        System.out.println(line);
        if (skipAllowed()) {
            org.junit.jupiter.api.Assumptions.abort(line + " (skipped: WXP_TEST_ALLOW_SKIP=1)");
        }
        org.junit.jupiter.api.Assertions.fail(line + "; set WXP_TEST_ALLOW_SKIP=1 to skip it");
    }

    /**
     * A fresh account in safe mode, registered with the product (admin API) and with the sandbox WeChat
     * (which issues its tokens and records what its users receive); answers its appid.
     */
    public static String safeAccount(Http http, String name, String secret, String token, String aesKey)
            throws Exception {
        String appid = newAppid();
        String body = jakarta.json.Json.createObjectBuilder()
                .add("name", name)
                .add("secret", secret)
                .add("token", token)
                .add("aesKey", aesKey)
                .add("mode", "safe")
                .build()
                .toString();
        var r = http.json("PUT", "/api/admin/accounts/" + appid, Http.basic(ADMIN, adminPassword()), body);
        org.junit.jupiter.api.Assertions.assertEquals(201, r.statusCode(), r.body());
        r = http.json("PUT", "/sandbox/wechat/accounts/" + appid, null, body);
        org.junit.jupiter.api.Assertions.assertEquals(201, r.statusCode(), r.body());
        return appid;
    }

    /** A fresh appid ("wx" + 16 hex digits) so tests never share data. */
    public static String newAppid() {
        return "wx" + String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
