package org.wxplatform.business.carrier.soap;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small pool of JAX-WS proxies. The JAX-WS specification does not promise that a proxy is thread-safe
 * (its request context is per proxy, and the RI documents proxies as not safe to share), so each call
 * borrows a proxy for itself and gives it back; idle proxies beyond {@code maxIdle} are dropped. A proxy is
 * cheap once the service model is parsed, so the pool never blocks: an empty pool creates one.
 */
final class PortPool<P> {

    private final ConcurrentLinkedDeque<P> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final Supplier<P> factory;
    private final int maxIdle;

    PortPool(Supplier<P> factory, int maxIdle) {
        this.factory = factory;
        this.maxIdle = maxIdle;
    }

    P borrow() {
        P p = idle.pollFirst();
        if (p != null) {
            idleCount.decrementAndGet();
            return p;
        }
        return factory.get();
    }

    void release(P port) {
        if (idleCount.incrementAndGet() <= maxIdle) {
            idle.offerFirst(port);
        } else {
            idleCount.decrementAndGet();
        }
    }

    int idle() {
        return idleCount.get();
    }
}
