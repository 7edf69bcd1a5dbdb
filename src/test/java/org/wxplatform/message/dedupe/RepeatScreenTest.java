package org.wxplatform.message.dedupe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wxplatform.TestRedis;
import redis.clients.jedis.JedisPool;

/** The repeated-request screen against a real Redis (skipped when none answers). */
class RepeatScreenTest {

    private static JedisPool pool;

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

    private static RepeatScreen screen() {
        return screen(pool);
    }

    static RepeatScreen screen(JedisPool pool) {
        RepeatScreen s = new RepeatScreen();
        s.jedisPool = pool;
        // the record for operators is not under test here: a database that refuses is logged and skipped
        s.dataSource = (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
                    throw new SQLException("no database in this test");
                });
        return s;
    }

    @Test
    void aNewMessageWithTheSameActionIsARepeatTheSameMessageAgainIsNot() {
        RepeatScreen screen = screen();
        String user = "o" + UUID.randomUUID();
        assertFalse(screen.isRepeat("wxapp", user, "text:话费", "m1"));
        assertFalse(
                screen.isRepeat("wxapp", user, "text:话费", "m1"),
                "the same message routed again (its first node was killed mid-work) is no repeat");
        assertTrue(screen.isRepeat("wxapp", user, "text:话费", "m2"), "another message, same action, in 10 s");
        assertFalse(screen.isRepeat("wxapp", user, "text:流量", "m3"), "another action");
    }
}
