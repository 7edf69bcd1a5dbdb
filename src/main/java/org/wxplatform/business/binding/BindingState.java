package org.wxplatform.business.binding;

import java.time.Duration;
import java.util.Optional;

/**
 * The module's short-lived state, shared by all nodes (Redis in production): the cached binding of a
 * subscriber, the code the carrier sent and the attempts made with it, the code requests of the last
 * hour, and where the chat dialogue stands.
 *
 * <p>Cache methods never fail (an unreachable store is a miss); the others throw
 * {@link StateUnavailableException} when the store cannot be reached.
 */
public interface BindingState {

    /** A cached answer to "which phone is bound": {@code phone} is null for "none". */
    record Cached(String phone) {}

    /** A code the carrier sent to {@code phone} for this subscriber; {@code attempts} wrong so far. */
    record Pending(String phone, int attempts) {}

    /** Where the chat dialogue stands: waiting for the number, or for the code. */
    enum Step {
        PHONE,
        CODE
    }

    /** The store could not be reached. */
    final class StateUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StateUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Optional<Cached> cached(String appid, String openid);

    /** Caches a value read from the database unless a writer stored a newer one meanwhile. */
    void cacheIfAbsent(String appid, String openid, String phone, Duration ttl);

    /** Stores the value a write just committed (replacing whatever a reader cached). */
    void cache(String appid, String openid, String phone, Duration ttl);

    Optional<Pending> pending(String appid, String openid);

    /** A new code was sent: attempts start from zero. */
    void startPending(String appid, String openid, String phone, Duration ttl);

    /** Counts one attempt with the pending code (atomically) and answers the count; 0 when none is pending. */
    int countAttempt(String appid, String openid);

    /** Takes back an attempt that could not be checked (the carrier did not answer). */
    void uncountAttempt(String appid, String openid);

    void clearPending(String appid, String openid);

    /** Counts a code request of the subscriber and answers how many there were in the last hour. */
    int countCodeRequest(String appid, String openid);

    /**
     * Counts one {@code what} ("codes" asked, "checks" made) for {@code phone} over every account and
     * subscriber in the current window of {@code windowSeconds}, and answers the count: many subscribers
     * cannot together bomb one number with codes or share out guesses at its code.
     */
    int countForPhone(String what, String phone, int windowSeconds);

    Optional<Step> step(String appid, String openid);

    void step(String appid, String openid, Step step, Duration ttl);

    void clearStep(String appid, String openid);
}
