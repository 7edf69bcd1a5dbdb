package org.wxplatform.account.token;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Central control of one kind of credential (access_token or jsapi_ticket) for every account, shared by
 * all nodes through a {@link TokenStore} (SPEC §2.2-2.3, seed 000).
 *
 * <p>What it guarantees:
 *
 * <ul>
 *   <li><b>One fetch per expiry window across all nodes.</b> A fetch happens only under the account's
 *       lock ({@code SET NX PX} with this node's owner id), after re-reading the store under the lock. On
 *       one node, one thread per account talks to the store at a time (a single flight); the others wait
 *       for it, or keep using the current token while it is still usable.
 *   <li><b>Fencing.</b> Every fetched token gets the next version of a per-account counter, taken after the
 *       fetch returned (so versions follow the order in which WeChat issued the tokens), and the store's
 *       compare-and-set never lets a lower version overwrite a higher one: a node that lost its lock during
 *       a slow fetch cannot put back an older token.
 *   <li><b>Read-back.</b> A fetched token is handed out only after it has been read back from the store
 *       with its version; a write that did not stick is retried, and a token that never reads back is
 *       dropped (the call fails) rather than used by one node while the others use another.
 *   <li><b>Refresh ahead.</b> A token is refreshed once {@link Token#refreshAt()} has passed (a fifth of
 *       its lifetime before expiry), and is never handed out after {@link Token#usableUntil()}.
 *   <li><b>Forced refresh only for the current token.</b> {@link #replaceRejected} refreshes only when the
 *       rejected token is still the stored one; a thousand callers failing with the same token cause one
 *       fetch.
 *   <li><b>A failure is held.</b> After a failed fetch no node fetches that account's credential again for
 *       a hold that doubles with each failure within ten minutes (1 s up to 60 s, kept in the store, so it is
 *       cluster-wide, and in the node's memory): a failing {@code /token} cannot burn the daily quota,
 *       callers in the hold fail at once instead of waiting.
 *   <li><b>The store down.</b> A usable token in the node's memory keeps serving while the store (Redis)
 *       cannot be reached or a refresh fails; only a node without one fails its callers.
 *   <li><b>Daily count.</b> Every fetch is counted per account and day (Beijing time, as WeChat counts);
 *       from {@link Options#dailyAlertAt()} on, each fetch calls the alarm.
 * </ul>
 *
 * <p>Plain Java (a store, a fetcher, a clock) so it runs outside the server as well; nodes need
 * synchronised clocks, as expiry times are absolute.
 */
public final class TokenCentral implements TokenSource {

    private static final Logger LOG = Logger.getLogger(TokenCentral.class.getName());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    /** Called on every fetch once the day's count reached {@link Options#dailyAlertAt()}. */
    @FunctionalInterface
    public interface DailyLimitAlarm {
        void nearLimit(String kind, String appid, long fetchesToday);
    }

    /**
     * @param lockMillis how long a refresh lock lives (longer than a fetch plus its confirmation)
     * @param waitMillis how long a caller waits for a token before giving up
     * @param pollMillis pause between looks at the store while another node refreshes
     * @param confirmAttempts writes tried until one reads back
     * @param dailyAlertAt fetches per day from which the alarm sounds (WeChat allows 2,000)
     * @param zone the zone of WeChat's day
     */
    public record Options(
            long lockMillis, long waitMillis, long pollMillis, int confirmAttempts, long dailyAlertAt, ZoneId zone) {

        public static Options defaults() {
            return new Options(15_000, 20_000, 20, 10, 1_800, ZoneId.of("Asia/Shanghai"));
        }

        public Options {
            if (lockMillis <= 0 || waitMillis <= 0 || pollMillis <= 0 || confirmAttempts <= 0 || dailyAlertAt <= 0) {
                throw new IllegalArgumentException("token central options must be positive");
            }
        }
    }

    private final String kind;
    private final TokenStore store;
    private final TokenFetcher fetcher;
    private final Clock clock;
    private final DailyLimitAlarm alarm;
    private final Options options;
    private final String owner = UUID.randomUUID().toString();

    /** Confirmed tokens of this node, served while fresh (or usable, during another node's refresh). */
    private final ConcurrentHashMap<String, Token> confirmed = new ConcurrentHashMap<>();
    /** While a confirmed token is past its refresh point: when this node looks at the store again. */
    private final ConcurrentHashMap<String, Long> nextLook = new ConcurrentHashMap<>();
    /** The single flight per account on this node. */
    private final ConcurrentHashMap<String, CompletableFuture<Token>> flights = new ConcurrentHashMap<>();

    /** After a failed fetch: until when this node fetches nothing for the account. */
    private final ConcurrentHashMap<String, Long> failedUntil = new ConcurrentHashMap<>();

    static final long FAILURE_HOLD_MIN_MS = 1_000;
    static final long FAILURE_HOLD_MAX_MS = 60_000;

    private final LongAdder fetches = new LongAdder();
    private final LongAdder unconfirmedWrites = new LongAdder();

    /**
     * @param kind {@code access_token} or {@code jsapi_ticket}: part of every store key
     */
    public TokenCentral(
            String kind, TokenStore store, TokenFetcher fetcher, Clock clock, DailyLimitAlarm alarm, Options options) {
        if (kind == null || !kind.matches("[a-z_]{1,32}")) {
            throw new IllegalArgumentException("kind must be lower-case letters and '_': " + kind);
        }
        this.kind = kind;
        this.store = store;
        this.fetcher = fetcher;
        this.clock = clock;
        this.alarm = alarm;
        this.options = options;
    }

    @Override
    public Token current(String appid) throws TokenUnavailableException {
        prefix(appid); // a malformed appid fails here, with its own message
        long now = clock.millis();
        Token local = confirmed.get(appid);
        if (local != null && local.fresh(now)) {
            return local;
        }
        if (local != null && local.usable(now)) {
            // past the refresh point: one thread of this node refreshes (or checks that another node is
            // refreshing); the others go on with the current token, which is still usable
            if (now < nextLook.getOrDefault(appid, 0L)) {
                return local;
            }
            CompletableFuture<Token> mine = new CompletableFuture<>();
            if (flights.putIfAbsent(appid, mine) == null) {
                return fly(appid, null, mine);
            }
            return local;
        }
        return await(appid, null);
    }

    @Override
    public Token replaceRejected(String appid, Token rejected) throws TokenUnavailableException {
        if (rejected == null) {
            throw new IllegalArgumentException("the rejected token is required");
        }
        prefix(appid);
        confirmed.computeIfPresent(appid, (k, t) -> same(t, rejected) ? null : t);
        return await(appid, rejected);
    }

    /** How many fetches this node made (for tests and monitoring). */
    public long fetchesByThisNode() {
        return fetches.sum();
    }

    /** Writes that did not read back and were retried, on this node. */
    public long unconfirmedWrites() {
        return unconfirmedWrites.sum();
    }

    /** Fetches of the account on {@code day} (Beijing time), all nodes; kept two days. */
    public long fetchesOn(String appid, java.time.LocalDate day) {
        return store.counter(prefix(appid) + ":fetches:" + DAY.format(day));
    }

    /** Fetches of the account today, all nodes (the number WeChat's daily limit applies to). */
    public long fetchesToday(String appid) {
        return store.counter(dailyKey(appid, clock.millis()));
    }

    /** The store key of the account's token (for inspection). */
    public String tokenKey(String appid) {
        return prefix(appid);
    }

    private Token await(String appid, Token rejected) throws TokenUnavailableException {
        long deadline = clock.millis() + options.waitMillis();
        while (true) {
            CompletableFuture<Token> mine = new CompletableFuture<>();
            CompletableFuture<Token> running = flights.putIfAbsent(appid, mine);
            if (running == null) {
                return fly(appid, rejected, mine);
            }
            Token t;
            try {
                t = running.get(Math.max(1, deadline - clock.millis()), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TokenUnavailableException u) {
                    throw new TokenUnavailableException(u.getMessage(), u.getCause());
                }
                throw new TokenUnavailableException(kind + " of " + appid + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new TokenUnavailableException(
                        "no " + kind + " of " + appid + " within " + options.waitMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenUnavailableException("interrupted while waiting for the " + kind + " of " + appid, e);
            }
            if (t.usable(clock.millis()) && (rejected == null || !same(t, rejected))) {
                return t;
            }
            if (clock.millis() >= deadline) {
                throw new TokenUnavailableException(
                        "no " + kind + " of " + appid + " within " + options.waitMillis() + " ms");
            }
            // that flight answered a different question (it was not refreshing the rejected token): fly again
        }
    }

    private Token fly(String appid, Token rejected, CompletableFuture<Token> mine) throws TokenUnavailableException {
        try {
            Token t = refresh(appid, rejected);
            confirmed.merge(
                    appid, t, (old, neu) -> neu.version() >= old.version() || !old.usable(clock.millis()) ? neu : old);
            long now = clock.millis();
            if (t.fresh(now)) {
                nextLook.remove(appid);
            } else {
                nextLook.put(appid, now + options.pollMillis());
            }
            mine.complete(t);
            return t;
        } catch (TokenUnavailableException e) {
            Token kept = stillUsable(appid, rejected);
            if (kept != null) {
                LOG.warning(kind + " of " + appid + " not refreshed, the current one serves on: " + e.getMessage());
                mine.complete(kept);
                return kept;
            }
            mine.completeExceptionally(e);
            throw e;
        } catch (RuntimeException e) {
            Token kept = stillUsable(appid, rejected);
            if (kept != null) {
                LOG.warning(kind + " of " + appid + ": store unreachable, the token in memory serves on: " + e);
                mine.complete(kept);
                return kept;
            }
            TokenUnavailableException u =
                    new TokenUnavailableException(kind + " of " + appid + ": store failed: " + e.getMessage(), e);
            mine.completeExceptionally(u);
            throw u;
        } finally {
            flights.remove(appid, mine);
        }
    }

    /** This node's usable token, when it is not the rejected one; then looked at again in a second. */
    private Token stillUsable(String appid, Token rejected) {
        Token local = confirmed.get(appid);
        long now = clock.millis();
        if (local == null || !local.usable(now) || (rejected != null && same(local, rejected))) {
            return null;
        }
        nextLook.put(appid, now + Math.max(options.pollMillis(), FAILURE_HOLD_MIN_MS));
        return local;
    }

    /**
     * The cross-node part: returns a stored token that is fresh (or, when {@code rejected} is given, any
     * usable token other than it); fetches under the lock when there is none; while another node holds
     * the lock, returns the stored token if still usable, else polls.
     */
    private Token refresh(String appid, Token rejected) throws TokenUnavailableException {
        String key = prefix(appid);
        String lock = key + ":lock";
        long deadline = clock.millis() + options.waitMillis();
        while (true) {
            long now = clock.millis();
            Token stored = store.read(key);
            if (satisfies(stored, rejected, now)) {
                return stored;
            }
            if (store.tryLock(lock, owner, options.lockMillis())) {
                try {
                    stored = store.read(key);
                    if (satisfies(stored, rejected, clock.millis())) {
                        return stored; // another node refreshed between our read and our lock
                    }
                    checkHold(appid, key);
                    return fetchAndConfirm(appid, key);
                } finally {
                    store.unlock(lock, owner);
                }
            }
            if (stored != null && stored.usable(now) && (rejected == null || !same(stored, rejected))) {
                return stored; // another node is refreshing; the current token still serves
            }
            if (now >= deadline) {
                throw new TokenUnavailableException("no " + kind + " of " + appid + " within " + options.waitMillis()
                        + " ms: another node holds the refresh lock");
            }
            sleep(options.pollMillis());
        }
    }

    private boolean satisfies(Token stored, Token rejected, long now) {
        if (stored == null) {
            return false;
        }
        if (rejected == null) {
            return stored.fresh(now);
        }
        return stored.usable(now) && !same(stored, rejected);
    }

    private Token fetchAndConfirm(String appid, String key) throws TokenUnavailableException {
        long started = clock.millis();
        long today = store.increment(dailyKey(appid, started), 2 * 86_400);
        if (today >= options.dailyAlertAt() && alarm != null) {
            try {
                alarm.nearLimit(kind, appid, today);
            } catch (RuntimeException e) {
                LOG.warning("daily fetch alarm failed for " + appid + ": " + e);
            }
        }
        Issued issued;
        try {
            issued = fetcher.fetch(appid);
        } catch (Exception e) {
            long hold = hold(appid, key);
            throw new TokenUnavailableException(
                    kind + " fetch for " + appid + " failed (no new fetch for " + hold + " ms): " + e.getMessage(), e);
        }
        failedUntil.remove(appid);
        fetches.increment();
        long ttl = issued.expiresInSeconds() * 1000;
        Token fetched = new Token(issued.value(), store.nextVersion(key + ":version"), started + ttl, ttl);
        for (int attempt = 1; attempt <= options.confirmAttempts(); attempt++) {
            long now = clock.millis();
            if (!fetched.usable(now)) {
                break;
            }
            try {
                store.writeIfNewer(key, fetched, fetched.expiresAt() - now);
                Token back = store.read(key);
                if (back != null
                        && back.version() == fetched.version()
                        && back.value().equals(fetched.value())) {
                    return back; // confirmed: the store holds exactly this token
                }
                if (back != null && back.version() > fetched.version() && back.usable(now)) {
                    return back; // a newer token is stored (read from the store, so it is stored): it wins
                }
            } catch (RuntimeException storeFailure) {
                LOG.warning(kind + " of " + appid + ": store failed on write " + attempt + ": " + storeFailure);
            }
            unconfirmedWrites.increment();
            LOG.warning(kind + " of " + appid + " v" + fetched.version() + " did not read back after write " + attempt
                    + "; retrying");
            sleep(Math.min(options.pollMillis() * attempt, 500));
        }
        throw new TokenUnavailableException(kind + " of " + appid + " was fetched but could not be confirmed stored"
                + " after " + options.confirmAttempts() + " writes; it is not used");
    }

    /** Refuses at once while a failed fetch is held (this node's memory, then the store's marker). */
    private void checkHold(String appid, String key) throws TokenUnavailableException {
        long now = clock.millis();
        long until = failedUntil.getOrDefault(appid, 0L);
        boolean held = now < until;
        if (!held) {
            long streak = store.counter(key + ":failstreak");
            held = streak > 0 && store.counter(key + ":failed:" + streak) > 0;
        }
        if (held) {
            throw new TokenUnavailableException(
                    kind + " of " + appid + ": the last fetch failed; no new fetch before the hold ends");
        }
    }

    /** Holds further fetches after a failure, for 1 s, 2 s, 4 s ... up to 60 s; returns the hold. */
    private long hold(String appid, String key) {
        long holdMs = FAILURE_HOLD_MIN_MS;
        try {
            long streak = store.increment(key + ":failstreak", 600);
            holdMs = Math.min(FAILURE_HOLD_MAX_MS, FAILURE_HOLD_MIN_MS << Math.min(16, Math.max(0, streak - 1)));
            store.increment(key + ":failed:" + streak, Math.max(1, holdMs / 1000));
        } catch (RuntimeException e) {
            LOG.warning(kind + " of " + appid + ": failure hold not stored: " + e);
        }
        failedUntil.put(appid, clock.millis() + holdMs);
        return holdMs;
    }

    private String prefix(String appid) {
        if (appid == null || appid.isEmpty() || appid.length() > 64 || appid.indexOf(':') >= 0) {
            throw new IllegalArgumentException("malformed appid: " + appid);
        }
        return "wxp:token:" + kind + ":" + appid;
    }

    private String dailyKey(String appid, long millis) {
        return prefix(appid) + ":fetches:"
                + DAY.format(Instant.ofEpochMilli(millis).atZone(options.zone()));
    }

    private static boolean same(Token a, Token b) {
        return a.version() == b.version() && a.value().equals(b.value());
    }

    private static void sleep(long millis) throws TokenUnavailableException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException("interrupted", e);
        }
    }
}
