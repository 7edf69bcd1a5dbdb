package org.wxplatform.admin.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wxplatform.TestRedis;
import org.wxplatform.platform.alert.Alerts;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The sign-in throttle against a real Redis ({@code WXP_TEST_REDIS_URL}, default db 1; skipped when
 * none answers). Limits are small here: 3 per pair, 6 per username, 5 per address, locks of 2 s.
 */
class SignInGuardTest {

    private static JedisPool pool;
    private final List<String> alerts = new ArrayList<>();
    private final SignInGuard guard = new SignInGuard(
            pool,
            new Alerts() {
                @Override
                public boolean raise(String kind, String subject, String detail, int quietSeconds) {
                    alerts.add(kind + " " + subject);
                    return true;
                }
            },
            60,
            2,
            3,
            6,
            5);

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

    private static String fresh(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An address of the documentation ranges with no counts left from an earlier run. */
    private static String address() {
        String a = "203.0." + (int) (Math.random() * 256) + "." + (1 + (int) (Math.random() * 254));
        try (Jedis jedis = pool.getResource()) {
            jedis.del("wxp:signin:fail:a:" + a, "wxp:signin:lock:a:" + a);
        }
        return a;
    }

    @Test
    void aGuesserFromOneAddressLocksOnlyThatPairAndTheLockEnds() throws Exception {
        String user = fresh("op-");
        String here = address();
        for (int i = 0; i < 2; i++) {
            guard.failed(user, here);
            assertEquals(0, guard.lockedSeconds(user, here), "below the limit");
        }
        guard.failed(user, here);
        long locked = guard.lockedSeconds(user, here);
        assertTrue(locked >= 1 && locked <= 2, "locked for the lock time, was " + locked);
        assertEquals(0, guard.lockedSeconds(user, address()), "the operator elsewhere is not locked out");
        assertTrue(alerts.isEmpty(), "a pair lock alone raises no alert: " + alerts);
        Thread.sleep(2_100);
        assertEquals(0, guard.lockedSeconds(user, here), "the lock ends");
    }

    @Test
    void spellingsTheLookupTakesForOneUserAreCountedAsOne() {
        String user = fresh("op-");
        String here = address();
        guard.failed(user.toUpperCase(java.util.Locale.ROOT), here);
        guard.failed(" " + user + " ", here);
        assertEquals(0, guard.lockedSeconds(user, here), "two failures: below the limit");
        // full-width letters and digits, as a Chinese input method types them
        StringBuilder wide = new StringBuilder();
        for (char c : user.toCharArray()) {
            wide.append(c >= '!' && c <= '~' ? (char) (c - '!' + '\uFF01') : c);
        }
        guard.failed(wide.toString(), here);
        assertTrue(guard.lockedSeconds(user, here) > 0, "the third spelling is the third failure of one user");
        assertTrue(guard.lockedSeconds("\t" + user.toUpperCase(java.util.Locale.ROOT), here) > 0);
    }

    @Test
    void theCanonicalFormFoldsCaseWidthAndSpaces() {
        assertEquals("admin", AdminUser.canonical(" ADMIN\t"));
        assertEquals("admin", AdminUser.canonical("ａｄｍｉｎ"));
        assertEquals("ops.1@x", AdminUser.canonical("Ｏｐｓ．１＠Ｘ"));
    }

    @Test
    void aSuccessStartsThePairCountingAgain() {
        String user = fresh("op-");
        String here = address();
        guard.failed(user, here);
        guard.failed(user, here);
        guard.succeeded(user, here);
        guard.failed(user, here);
        guard.failed(user, here);
        assertEquals(0, guard.lockedSeconds(user, here));
    }

    @Test
    void aGuesserSpreadOverAddressesLocksTheUsernameWithAnAlert() {
        String user = fresh("op-");
        for (int i = 0; i < 6; i++) {
            guard.failed(user, address());
        }
        assertTrue(guard.lockedSeconds(user, address()) > 0, "the username is locked everywhere");
        assertEquals(List.of("signin-lockout " + user), alerts);
    }

    @Test
    void oneAddressTryingManyUsernamesIsLockedWithAnAlert() {
        String address = address();
        for (int i = 0; i < 5; i++) {
            guard.failed(fresh("u" + i + "-"), address);
        }
        assertTrue(guard.lockedSeconds(fresh("anyone-"), address) > 0, "every username from that address");
        assertEquals(List.of("signin-lockout " + address), alerts);
    }

    @Test
    void hostileUsernamesAreKeptOutOfKeysAndLogs() {
        String user = "a\r\n" + "x".repeat(500) + "*?[]" + UUID.randomUUID();
        for (int i = 0; i < 6; i++) {
            guard.failed(user, address());
        }
        assertTrue(guard.lockedSeconds(user, address()) > 0);
        assertTrue(alerts.get(0).length() < 80, "a bounded subject: " + alerts.get(0));
        assertEquals(24, SignInGuard.digest(user).length());
    }
}
