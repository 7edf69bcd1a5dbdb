package org.wxplatform.it;

import java.util.concurrent.ThreadLocalRandom;

/** Values the test server runs with (set by scripts/test) and unique test data. */
public final class TestEnv {

    private TestEnv() {}

    public static final String ADMIN = System.getenv().getOrDefault("WXP_ADMIN_USER", "admin");

    public static String adminPassword() {
        String pw = System.getenv("WXP_ADMIN_PASSWORD");
        if (pw == null) {
            throw new IllegalStateException("WXP_ADMIN_PASSWORD is not set: run the tests with scripts/test");
        }
        return pw;
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
