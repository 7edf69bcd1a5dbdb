package org.wxplatform.customerservice.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SnapshotCacheTest {

    static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    /** A database and a Redis that the test controls, with a clock it moves. */
    static final class World {
        final AtomicLong clock = new AtomicLong(1_000 * SECOND);
        final AtomicLong version = new AtomicLong(0);
        final AtomicInteger data = new AtomicInteger(1);
        final AtomicInteger versionReads = new AtomicInteger();
        final AtomicInteger loads = new AtomicInteger();
        volatile boolean redisDown;
        volatile boolean databaseDown;

        final SnapshotCache<Integer> cache = new SnapshotCache<>(
                key -> {
                    versionReads.incrementAndGet();
                    if (redisDown) {
                        throw new IllegalStateException("redis down");
                    }
                    return version.get();
                },
                key -> {
                    loads.incrementAndGet();
                    if (databaseDown) {
                        throw new IllegalStateException("database down");
                    }
                    return data.get();
                },
                clock::get,
                SECOND,
                MINUTE);

        /** A write on another node: database first, then the stamp. */
        void writeElsewhere(int value) {
            data.set(value);
            version.incrementAndGet();
        }

        void advance(long nanos) {
            clock.addAndGet(nanos);
        }
    }

    @Test
    void checksTheVersionAtMostOncePerIntervalAndReloadsOnlyOnAChange() {
        World w = new World();
        assertEquals(1, w.cache.get("a"));
        assertEquals(1, w.loads.get());
        for (int i = 0; i < 1_000; i++) {
            w.cache.get("a");
        }
        assertEquals(1, w.versionReads.get(), "no Redis read within the interval");

        w.advance(SECOND);
        assertEquals(1, w.cache.get("a"));
        assertEquals(2, w.versionReads.get());
        assertEquals(1, w.loads.get(), "same version: no reload");

        w.writeElsewhere(2);
        w.advance(SECOND / 2);
        assertEquals(1, w.cache.get("a"), "a write elsewhere shows after the interval, not before");
        w.advance(SECOND / 2);
        assertEquals(2, w.cache.get("a"));
        assertEquals(2, w.loads.get());
    }

    @Test
    void keysAreIndependent() {
        World w = new World();
        assertEquals(1, w.cache.get("a"));
        w.data.set(5);
        assertEquals(5, w.cache.get("b"));
        assertEquals(1, w.cache.get("a"));
    }

    @Test
    void aLocalWriteIsSeenAtOnce() {
        World w = new World();
        w.cache.get("a");
        w.data.set(3);
        w.cache.invalidate("a");
        assertEquals(3, w.cache.get("a"), "no waiting for the interval on the writing node");
        w.cache.invalidate("never-loaded");
    }

    @Test
    void noCopyOutlivesTheMaximumAgeEvenWhenTheStampWasLost() {
        World w = new World();
        w.cache.get("a");
        w.data.set(4); // written, but the stamp never reached Redis
        for (int i = 0; i < 59; i++) {
            w.advance(SECOND);
            assertEquals(1, w.cache.get("a"));
        }
        w.advance(SECOND);
        assertEquals(4, w.cache.get("a"));
    }

    @Test
    void withRedisDownItReloadsAtEveryCheckInsteadOfTrustingTheCopy() {
        World w = new World();
        w.cache.get("a");
        w.redisDown = true;
        w.data.set(6);
        w.advance(SECOND);
        assertEquals(6, w.cache.get("a"));
        int loads = w.loads.get();
        w.cache.get("a");
        assertEquals(loads, w.loads.get(), "still at most once per interval");
        w.redisDown = false;
        w.advance(SECOND);
        w.cache.get("a");
        assertEquals(loads + 1, w.loads.get(), "the copy loaded without a version is reloaded once");
        w.advance(SECOND);
        w.cache.get("a");
        assertEquals(loads + 1, w.loads.get());
    }

    @Test
    void aFailedReloadKeepsThePreviousCopyAndAFailedFirstLoadReachesTheCaller() {
        World w = new World();
        w.cache.get("a");
        w.databaseDown = true;
        w.writeElsewhere(7);
        w.advance(SECOND);
        assertEquals(1, w.cache.get("a"), "the previous copy answers while the database is away");
        assertThrows(IllegalStateException.class, () -> w.cache.get("b"));
        w.databaseDown = false;
        w.advance(SECOND);
        assertEquals(7, w.cache.get("a"));
        assertEquals(7, w.cache.get("b"));
    }

    @Test
    void concurrentFirstReadersLoadOnce() throws Exception {
        World w = new World();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return w.cache.get("a");
                }));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                assertEquals(1, r.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, w.loads.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
