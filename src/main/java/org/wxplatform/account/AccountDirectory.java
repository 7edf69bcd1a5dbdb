package org.wxplatform.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.wxplatform.platform.config.Settings;

/**
 * The accounts' keys for the callback hot path, cached per node for a few seconds
 * ({@code WXP_ACCOUNT_CACHE_SECONDS}, default 10), including "no such account", so a flood of callbacks
 * to an unknown appid does not reach the database each time. A change of settings is seen by every
 * node within that time.
 *
 * <p>An appid is looked up exactly as written (see {@link AccountService#find}); a string that cannot be
 * an appid at all is refused without a lookup, and unknown appids live in a cache of their own, so a
 * flood of random appids can neither reach the database once per request nor push the real accounts
 * out of their cache.
 */
@ApplicationScoped
public class AccountDirectory {

    private static final int MAX_UNKNOWN = 50_000;

    private record Entry(AccountKeys keys, long expiresAt) {}

    @Inject
    AccountService accounts;

    private final ConcurrentHashMap<String, Entry> known = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> unknown = new ConcurrentHashMap<>();
    private final long ttlMillis = Settings.getInt("WXP_ACCOUNT_CACHE_SECONDS", 10) * 1000L;

    public Optional<AccountKeys> keys(String appid) {
        if (!isAppid(appid)) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        Entry e = known.get(appid);
        if (e != null && e.expiresAt > now) {
            return Optional.of(e.keys);
        }
        Long missUntil = unknown.get(appid);
        if (missUntil != null && missUntil > now) {
            return Optional.empty();
        }
        Optional<AccountKeys> loaded =
                accounts.find(appid).map(a -> new AccountKeys(a.getAppid(), a.getToken(), a.getAesKey(), a.getMode()));
        if (loaded.isPresent()) {
            known.put(appid, new Entry(loaded.get(), now + ttlMillis));
            unknown.remove(appid);
        } else {
            if (unknown.size() >= MAX_UNKNOWN) {
                unknown.clear(); // bounded: a flood of random appids costs one lookup each per window at most
            }
            unknown.put(appid, now + ttlMillis);
            known.remove(appid);
        }
        return loaded;
    }

    /**
     * What WeChat issues ({@code wx} and 16 ASCII letters or digits), as {@code AccountSettings} checks it;
     * a loop rather than a regex, since every callback asks.
     */
    static boolean isAppid(String appid) {
        if (appid == null || appid.length() != 18 || appid.charAt(0) != 'w' || appid.charAt(1) != 'x') {
            return false;
        }
        for (int i = 2; i < 18; i++) {
            char c = appid.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    /** Forgets this node's copy (after a local write). */
    public void evict(String appid) {
        known.remove(appid);
        unknown.remove(appid);
    }
}
