package org.wxplatform.account.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/** Central control on the real Redis, one or two "nodes" (instances with their own pools) in this JVM. */
class TokenCentralTest {

    static JedisPool poolA;
    static JedisPool poolB;

    @BeforeAll
    static void pools() {
        poolA = TestRedis.pool(64);
        poolB = TestRedis.pool(64);
    }

    @AfterAll
    static void close() {
        poolA.close();
        poolB.close();
    }

    /** The system clock plus an offset the test moves forward. */
    static final class MovableClock extends Clock {
        final AtomicLong offset = new AtomicLong();

        void advance(long millis) {
            offset.addAndGet(millis);
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offset.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** A fetcher that counts, takes a little time, and issues distinct values with a given lifetime. */
    static final class CountingFetcher implements TokenFetcher {
        final AtomicInteger calls = new AtomicInteger();
        final long ttlSeconds;
        final long delayMillis;

        CountingFetcher(long ttlSeconds, long delayMillis) {
            this.ttlSeconds = ttlSeconds;
            this.delayMillis = delayMillis;
        }

        @Override
        public Issued fetch(String appid) throws Exception {
            int n = calls.incrementAndGet();
            Thread.sleep(delayMillis);
            return new Issued("T" + n + "-" + appid, ttlSeconds);
        }
    }

    static TokenCentral central(JedisPool pool, TokenStore store, TokenFetcher fetcher, Clock clock, long alertAt) {
        return new TokenCentral(
                "access_token",
                store == null ? new RedisTokenStore(pool) : store,
                fetcher,
                clock,
                null,
                new TokenCentral.Options(2_000, 3_000, 10, 5, alertAt, ZoneId.of("Asia/Shanghai")));
    }

    static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoNodesWithManyReadersFetchOnceAndHandOutTheStoredToken() throws Exception {
        String appid = TestRedis.newAppid();
        CountingFetcher fetcher = new CountingFetcher(7200, 50);
        TokenCentral a = central(poolA, null, fetcher, Clock.systemUTC(), 1800);
        TokenCentral b = central(poolB, null, fetcher, Clock.systemUTC(), 1800);
        AtomicInteger turn = new AtomicInteger();
        List<Token> got = concurrently(200, () -> (turn.incrementAndGet() % 2 == 0 ? a : b).current(appid));
        assertEquals(1, fetcher.calls.get(), "one fetch for 200 readers on two nodes");
        Token stored = new RedisTokenStore(poolA).read(a.tokenKey(appid));
        for (Token t : got) {
            assertEquals(stored, t, "every reader got exactly the stored token");
        }
        assertEquals(1, a.fetchesToday(appid));
    }

    @Test
    void refreshesAheadOfExpiryAndNeverHandsOutATokenPastItsUsableTime() throws Exception {
        String appid = TestRedis.newAppid();
        MovableClock clock = new MovableClock();
        CountingFetcher fetcher = new CountingFetcher(100, 0);
        TokenCentral node = central(poolA, null, fetcher, clock, 1800);

        Token first = node.current(appid);
        assertEquals(1, first.version() > 0 ? fetcher.calls.get() : -1);
        clock.advance(79_000); // refresh point is 80 s into a 100 s lifetime
        assertEquals(first, node.current(appid));
        assertEquals(1, fetcher.calls.get());

        clock.advance(2_000);
        Token second = node.current(appid);
        assertEquals(2, fetcher.calls.get(), "refreshed ahead of expiry");
        assertTrue(second.version() > first.version());

        // another node holds the refresh lock and never finishes: the current token serves until its
        // usable time (90 s), and after that nobody gets it
        try (Jedis jedis = poolA.getResource()) {
            jedis.psetex(node.tokenKey(appid) + ":lock", 60_000, "another-node");
        }
        clock.advance(85_000);
        assertEquals(second, node.current(appid), "inside the refresh window the current token still serves");
        clock.advance(6_000);
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class, () -> node.current(appid));
        assertTrue(e.getMessage().contains("within"), e.getMessage());
        assertEquals(2, fetcher.calls.get());
    }

    @Test
    void fencingKeepsTheNewerTokenWhateverTheOrderOfWrites() {
        RedisTokenStore store = new RedisTokenStore(poolA);
        String key = "wxp:token:access_token:" + TestRedis.newAppid();
        long exp = System.currentTimeMillis() + 60_000;
        assertTrue(store.writeIfNewer(key, new Token("newer", 5, exp, 60_000), 60_000));
        assertFalse(store.writeIfNewer(key, new Token("older", 4, exp, 60_000), 60_000), "lower version refused");
        assertFalse(store.writeIfNewer(key, new Token("same", 5, exp, 60_000), 60_000), "same version refused");
        assertEquals("newer", store.read(key).value());
        assertTrue(store.writeIfNewer(key, new Token("newest", 6, exp, 60_000), 60_000));
        assertEquals(6, store.read(key).version());
    }

    @Test
    void aRejectedTokenIsRefreshedOnceForAllCallersAndNodesAndAnOldRejectionRefreshesNothing() throws Exception {
        String appid = TestRedis.newAppid();
        CountingFetcher fetcher = new CountingFetcher(7200, 30);
        TokenCentral a = central(poolA, null, fetcher, Clock.systemUTC(), 1800);
        TokenCentral b = central(poolB, null, fetcher, Clock.systemUTC(), 1800);
        Token rejected = a.current(appid);
        assertEquals(rejected, b.current(appid));

        AtomicInteger turn = new AtomicInteger();
        List<Token> replaced =
                concurrently(200, () -> (turn.incrementAndGet() % 2 == 0 ? a : b).replaceRejected(appid, rejected));
        assertEquals(2, fetcher.calls.get(), "200 callers with one rejected token: one forced refresh");
        Token fresh = replaced.get(0);
        assertNotEquals(rejected, fresh);
        replaced.forEach(t -> assertEquals(fresh, t));
        assertEquals(fresh, a.current(appid), "the node cache dropped the rejected token");

        assertEquals(fresh, b.replaceRejected(appid, rejected), "a late report of the old token");
        assertEquals(2, fetcher.calls.get(), "refreshes nothing");
    }

    /** A store whose first {@code drops} writes report success but are not there (seed 000). */
    static final class DroppingStore implements TokenStore {
        final TokenStore real;
        final AtomicInteger drops;
        final AtomicInteger dropped = new AtomicInteger();
        /** Counted down when a node using this store took the refresh lock. */
        final java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);

        volatile long landedAt;

        DroppingStore(TokenStore real, int drops) {
            this.real = real;
            this.drops = new AtomicInteger(drops);
        }

        @Override
        public boolean writeIfNewer(String key, Token token, long ttlMillis) {
            if (drops.getAndDecrement() > 0) {
                dropped.incrementAndGet();
                return true; // reported, not written
            }
            // the time the real write began: no reader can see the token earlier (taken before the call,
            // so a reader scheduled between the write and this thread's next step is not miscounted)
            long began = System.nanoTime();
            boolean written = real.writeIfNewer(key, token, ttlMillis);
            if (written && landedAt == 0) {
                landedAt = began;
            }
            return written;
        }

        @Override
        public Token read(String key) {
            return real.read(key);
        }

        @Override
        public boolean tryLock(String key, String owner, long ttlMillis) {
            boolean took = real.tryLock(key, owner, ttlMillis);
            if (took) {
                locked.countDown();
            }
            return took;
        }

        @Override
        public void unlock(String key, String owner) {
            real.unlock(key, owner);
        }

        @Override
        public long nextVersion(String key) {
            return real.nextVersion(key);
        }

        @Override
        public long increment(String key, long ttlSeconds) {
            return real.increment(key, ttlSeconds);
        }

        @Override
        public long counter(String key) {
            return real.counter(key);
        }
    }

    @Test
    void aTokenWhoseWriteWasLostIsHandedOutOnlyAfterItReadsBack() throws Exception {
        String appid = TestRedis.newAppid();
        CountingFetcher fetcher = new CountingFetcher(7200, 0);
        DroppingStore store = new DroppingStore(new RedisTokenStore(poolA), 3);
        TokenCentral a = central(poolA, store, fetcher, Clock.systemUTC(), 1800);
        TokenCentral b = central(poolB, null, fetcher, Clock.systemUTC(), 1800);
        record Got(Token token, long at) {}
        AtomicInteger turn = new AtomicInteger();
        List<Got> got = concurrently(100, () -> {
            boolean onA = turn.incrementAndGet() % 2 == 0;
            if (!onA) {
                // node A (whose writes get lost) does the fetch: B's readers come once A holds the lock,
                // and from then on wait for the token like any other node
                store.locked.await(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            Token t = (onA ? a : b).current(appid);
            return new Got(t, System.nanoTime());
        });
        assertEquals(3, store.dropped.get(), "three writes were lost");
        assertEquals(3, a.unconfirmedWrites(), "each loss was seen by the read-back and retried");
        assertEquals(1, fetcher.calls.get());
        assertTrue(store.landedAt > 0);
        for (Got g : got) {
            assertEquals("T1-" + appid, g.token().value());
            assertTrue(g.at() >= store.landedAt, "nobody had the token before it was stored");
        }
    }

    @Test
    void aTokenThatNeverReadsBackIsNeverHandedOut() throws Exception {
        String appid = TestRedis.newAppid();
        CountingFetcher fetcher = new CountingFetcher(7200, 20);
        DroppingStore store = new DroppingStore(new RedisTokenStore(poolA), Integer.MAX_VALUE);
        TokenCentral node = central(poolA, store, fetcher, Clock.systemUTC(), 1800);
        CopyOnWriteArrayList<Token> handedOut = new CopyOnWriteArrayList<>();
        List<String> failures = concurrently(20, () -> {
            try {
                handedOut.add(node.current(appid));
                return "got a token";
            } catch (TokenUnavailableException e) {
                return e.getMessage();
            }
        });
        assertEquals(List.of(), handedOut);
        failures.forEach(f -> assertTrue(f.contains("could not be confirmed stored"), f));
        assertNull(new RedisTokenStore(poolA).read(node.tokenKey(appid)));
    }

    @Test
    void theDailyCountAlarmsFromTheThresholdOn() throws Exception {
        String appid = TestRedis.newAppid();
        CountingFetcher fetcher = new CountingFetcher(7200, 0);
        List<Long> alarms = new CopyOnWriteArrayList<>();
        TokenCentral node = new TokenCentral(
                "jsapi_ticket",
                new RedisTokenStore(poolA),
                fetcher,
                Clock.systemUTC(),
                (kind, id, count) -> alarms.add(count),
                new TokenCentral.Options(2_000, 3_000, 10, 5, 3, ZoneId.of("Asia/Shanghai")));
        Token t = node.current(appid);
        for (int i = 0; i < 3; i++) {
            t = node.replaceRejected(appid, t);
        }
        assertEquals(4, fetcher.calls.get());
        assertEquals(4, node.fetchesToday(appid));
        assertEquals(List.of(3L, 4L), alarms);
        try (Jedis jedis = poolA.getResource()) {
            String day = java.time.LocalDate.now(ZoneId.of("Asia/Shanghai"))
                    .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            long ttl = jedis.ttl(node.tokenKey(appid) + ":fetches:" + day);
            assertTrue(ttl > 86_400 && ttl <= 2 * 86_400, "the day's counter expires by itself: " + ttl);
        }
    }

    @Test
    void aFailedFetchFailsTheCallerWithItsCause() {
        String appid = TestRedis.newAppid();
        TokenCentral node = central(
                poolA,
                null,
                id -> {
                    throw new IllegalStateException("40125 invalid appsecret");
                },
                Clock.systemUTC(),
                1800);
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class, () -> node.current(appid));
        assertTrue(e.getCause() instanceof IllegalStateException);
        assertThrows(IllegalArgumentException.class, () -> node.current("bad:appid"));
    }

    @Test
    void aFailingFetchIsHeldAcrossNodesSoManyCallersCannotBurnTheDailyQuota() throws Exception {
        String appid = TestRedis.newAppid();
        AtomicInteger calls = new AtomicInteger();
        TokenFetcher failing = id -> {
            calls.incrementAndGet();
            throw new IllegalStateException("503 from /cgi-bin/token");
        };
        TokenCentral a = central(poolA, null, failing, Clock.systemUTC(), 1800);
        TokenCentral b = central(poolB, null, failing, Clock.systemUTC(), 1800);
        long t0 = System.nanoTime();
        List<Boolean> failed = concurrently(40, () -> {
            for (int i = 0; i < 5; i++) {
                TokenCentral node = i % 2 == 0 ? a : b;
                try {
                    node.current(appid);
                    return false;
                } catch (TokenUnavailableException expected) {
                    // every caller fails, fast
                }
            }
            return true;
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(failed.stream().allMatch(f -> f));
        assertEquals(1, calls.get(), "200 calls on two nodes within the hold fetched once");
        assertEquals(1, a.fetchesToday(appid), "one fetch counted against the daily quota");
        assertTrue(ms < 900, "callers in the hold fail at once, not after the wait: " + ms + " ms");
        Thread.sleep(TokenCentral.FAILURE_HOLD_MIN_MS + 100);
        assertThrows(TokenUnavailableException.class, () -> b.current(appid));
        assertEquals(2, calls.get(), "after the hold, one more try");
        Thread.sleep(TokenCentral.FAILURE_HOLD_MIN_MS + 100); // the second hold is twice as long
        assertThrows(TokenUnavailableException.class, () -> a.current(appid));
        assertEquals(2, calls.get(), "the second failure in a row doubled the hold");
    }

    @Test
    void aUsableTokenInTheNodesMemoryServesWhileTheStoreIsDown() throws Exception {
        String appid = TestRedis.newAppid();
        MovableClock clock = new MovableClock();
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        TokenStore real = new RedisTokenStore(poolA);
        TokenStore flaky = (TokenStore) java.lang.reflect.Proxy.newProxyInstance(
                TokenStore.class.getClassLoader(), new Class<?>[] {TokenStore.class}, (proxy, method, args) -> {
                    if (down.get()) {
                        throw new redis.clients.jedis.exceptions.JedisConnectionException("Redis down");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CountingFetcher fetcher = new CountingFetcher(100, 0);
        TokenCentral node = central(poolA, flaky, fetcher, clock, 1800);
        Token first = node.current(appid);
        down.set(true);
        assertEquals(first.value(), node.current(appid).value(), "fresh: served from memory");
        clock.advance(first.refreshAt() - clock.millis() + 1000); // past the refresh point, still usable
        for (int i = 0; i < 20; i++) {
            assertEquals(first.value(), node.current(appid).value(), "usable: served while Redis is down");
        }
        assertEquals(1, fetcher.calls.get());
        clock.advance(first.usableUntil() - clock.millis() + 1);
        assertThrows(TokenUnavailableException.class, () -> node.current(appid), "never past its usable time");
        down.set(false);
        assertTrue(node.current(appid).version() > first.version(), "a new token once Redis is back");
    }
}
