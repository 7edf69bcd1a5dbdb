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

    /** A fresh appid ("wx" + 16 hex digits) so tests never share data. */
    public static String newAppid() {
        return "wx" + String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
