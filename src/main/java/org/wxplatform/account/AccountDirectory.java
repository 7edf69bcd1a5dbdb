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
 */
@ApplicationScoped
public class AccountDirectory {

    private record Entry(Optional<AccountKeys> keys, long expiresAt) {}

    @Inject
    AccountService accounts;

    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final long ttlMillis = Settings.getInt("WXP_ACCOUNT_CACHE_SECONDS", 10) * 1000L;

    public Optional<AccountKeys> keys(String appid) {
        long now = System.currentTimeMillis();
        Entry e = cache.get(appid);
        if (e != null && e.expiresAt > now) {
            return e.keys;
        }
        Optional<AccountKeys> loaded =
                accounts.find(appid).map(a -> new AccountKeys(a.getAppid(), a.getToken(), a.getAesKey(), a.getMode()));
        if (cache.size() > 10_000) {
            cache.clear(); // unknown appids must not grow the cache without bound
        }
        cache.put(appid, new Entry(loaded, now + ttlMillis));
        return loaded;
    }

    /** Forgets this node's copy (after a local write). */
    public void evict(String appid) {
        cache.remove(appid);
    }
}
