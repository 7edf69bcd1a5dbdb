package org.wxplatform.customerservice.infra;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A per-node copy of some per-key data (an account's auto-reply entries) that follows writes made on any
 * node. Every write stores a new version stamp under the key in a shared store (Redis); a reader checks
 * that stamp at most once per {@code checkInterval} per key and reloads only when it changed. So the hot
 * path costs a map lookup, a shared-store read per second, and a database load per write.
 *
 * <p>Guarantees: a write committed before its stamp is stored is seen everywhere within one check interval
 * (plus the load); a write on this node is seen at once here after {@link #invalidate}. Whatever happens
 * to the stamp (lost because the store was down, or equal to an old one after the store was flushed), no
 * copy is older than {@code maxAge}. When the shared store cannot be read the data is reloaded at every
 * check instead, so a store outage costs database loads, never stale answers. When a reload fails the
 * previous copy is kept and the load retried after the next interval; with no previous copy the failure
 * reaches the caller.
 *
 * <p>One thread per key reloads; the others keep answering from the previous copy meanwhile (only the
 * very first load of a key makes them wait).
 *
 * @param <T> the immutable per-key data
 */
public final class SnapshotCache<T> {

    private static final Logger LOG = Logger.getLogger(SnapshotCache.class.getName());

    /** The version when the shared store could not be read: never equal to a stored one. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private record Copy<T>(T value, long version, long loadedAt, long checkedAt, boolean stale) {}

    private static final class Slot<T> {
        final ReentrantLock lock = new ReentrantLock();
        volatile Copy<T> copy;
        final AtomicLong invalidations = new AtomicLong();
    }

    private final ToLongFunction<String> versions;
    private final Function<String, T> loader;
    private final LongSupplier nanoClock;
    private final long checkIntervalNanos;
    private final long maxAgeNanos;
    private final ConcurrentHashMap<String, Slot<T>> slots = new ConcurrentHashMap<>();

    /**
     * @param versions reads the current version stamp of a key (may throw when the store is down)
     * @param loader loads the data of a key from the database
     * @param nanoClock {@link System#nanoTime()} in production
     */
    public SnapshotCache(
            ToLongFunction<String> versions,
            Function<String, T> loader,
            LongSupplier nanoClock,
            long checkIntervalNanos,
            long maxAgeNanos) {
        this.versions = versions;
        this.loader = loader;
        this.nanoClock = nanoClock;
        this.checkIntervalNanos = checkIntervalNanos;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** The data of {@code key}, at most one check interval behind the shared version stamp. */
    public T get(String key) {
        Slot<T> slot = slots.computeIfAbsent(key, k -> new Slot<>());
        Copy<T> copy = slot.copy;
        if (copy != null && fresh(copy, nanoClock.getAsLong())) {
            return copy.value();
        }
        if (copy == null) {
            slot.lock.lock();
        } else if (!slot.lock.tryLock()) {
            return copy.value(); // another thread is checking this key right now
        }
        try {
            copy = slot.copy;
            long now = nanoClock.getAsLong();
            if (copy != null && fresh(copy, now)) {
                return copy.value();
            }
            return refresh(key, slot, copy, now);
        } finally {
            slot.lock.unlock();
        }
    }

    /** Makes the next {@link #get} of {@code key} on this node check the version and reload. */
    public void invalidate(String key) {
        Slot<T> slot = slots.get(key);
        if (slot == null) {
            return;
        }
        // counted, so that a reload already running with data from before the write is not taken as fresh
        slot.invalidations.incrementAndGet();
        Copy<T> copy = slot.copy;
        if (copy != null) {
            slot.copy = new Copy<>(copy.value(), UNKNOWN, copy.loadedAt(), copy.checkedAt(), true);
        }
    }

    private boolean fresh(Copy<T> copy, long now) {
        return !copy.stale() && now - copy.checkedAt() < checkIntervalNanos;
    }

    private T refresh(String key, Slot<T> slot, Copy<T> copy, long now) {
        long invalidationsBefore = slot.invalidations.get();
        long version;
        try {
            version = versions.applyAsLong(key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "version of " + key + " unreadable, reloading from the database", e);
            version = UNKNOWN;
        }
        if (copy != null
                && !copy.stale()
                && version != UNKNOWN
                && version == copy.version()
                && now - copy.loadedAt() < maxAgeNanos) {
            slot.copy = new Copy<>(copy.value(), version, copy.loadedAt(), now, false);
            return copy.value();
        }
        T value;
        try {
            value = loader.apply(key);
        } catch (RuntimeException e) {
            if (copy == null) {
                throw e;
            }
            LOG.log(Level.WARNING, "reload of " + key + " failed, answering from the previous copy", e);
            slot.copy = new Copy<>(copy.value(), copy.version(), copy.loadedAt(), now, false);
            return copy.value();
        }
        boolean overtaken = slot.invalidations.get() != invalidationsBefore;
        slot.copy = new Copy<>(value, overtaken ? UNKNOWN : version, now, now, overtaken);
        return value;
    }
}
