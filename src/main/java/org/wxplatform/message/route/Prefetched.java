package org.wxplatform.message.route;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values of the {@link Prefetch} keys read in the gate call of the delivery this thread is handling.
 * A value is taken once: the code that reads it may change the key afterwards (start a chat, end a
 * dialogue), and a second read in the same delivery goes to Redis as it would without the prefetch.
 * Outside a callback (an agent's console, a queued task) nothing is prefetched.
 */
public final class Prefetched {

    private static final ThreadLocal<Map<String, String>> VALUES = new ThreadLocal<>();
    private static final String ABSENT = new String("absent"); // identity marks a key that does not exist

    private Prefetched() {}

    /**
     * The value read for {@code key} in this delivery's gate call: empty when the key was not prefetched
     * (read it yourself), else the value, which is empty when the key did not exist.
     */
    public static Optional<Optional<String>> take(String key) {
        Map<String, String> values = VALUES.get();
        if (values == null) {
            return Optional.empty();
        }
        String v = values.remove(key);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(v == ABSENT ? Optional.empty() : Optional.of(v));
    }

    /** Called by the exactly-once section with what its gate call read ({@code null}: no such key). */
    public static void open(Map<String, String> read) {
        Map<String, String> values = new HashMap<>(read.size() * 2);
        read.forEach((k, v) -> values.put(k, v == null ? ABSENT : v));
        VALUES.set(values);
    }

    /** Ends the delivery's prefetched values. */
    public static void close() {
        VALUES.remove();
    }
}
