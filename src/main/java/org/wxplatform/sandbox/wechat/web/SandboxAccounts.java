package org.wxplatform.sandbox.wechat.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.SandboxAccount;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The sandbox's own registry of official accounts (what WeChat would hold), in Redis: one hash per
 * account under {@code wxp:sandbox:account:{appid}}, without expiry, so every node sees the same
 * registry and it survives restarts.
 *
 * <p>Guarantees: {@link #put} replaces an account as a whole, atomically (a reader never sees a mix of
 * old and new fields, and a field dropped from the new version does not linger); {@link #find} and
 * {@link #list} return only entries that are valid accounts — a hash edited by hand into something invalid
 * is skipped, not half-read.
 */
@ApplicationScoped
public class SandboxAccounts {

    static final String KEY_PREFIX = "wxp:sandbox:account:";

    @Inject
    JedisPool pool;

    SandboxAccounts() {}

    SandboxAccounts(JedisPool pool) {
        this.pool = pool;
    }

    /** A stored account with the time it was last saved. */
    public record Stored(SandboxAccount account, Instant updatedAt) {}

    public Optional<Stored> find(String appId) {
        SandboxAccount.checkAppId(appId);
        try (Jedis jedis = pool.getResource()) {
            return read(jedis.hgetAll(KEY_PREFIX + appId));
        }
    }

    /** Every account, ordered by AppId. */
    public List<Stored> list() {
        List<Stored> out = new ArrayList<>();
        try (Jedis jedis = pool.getResource()) {
            // SCAN, not KEYS: the registry shares its Redis with the product's hot paths
            ScanParams params = new ScanParams().match(KEY_PREFIX + "*").count(200);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, params);
                for (String key : page.getResult()) {
                    read(jedis.hgetAll(key)).ifPresent(out::add);
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        out.sort(Comparator.comparing(s -> s.account().appId()));
        return out;
    }

    /** Creates or replaces the account, stamped {@code now}; true when it did not exist before. */
    public boolean put(SandboxAccount account, Instant now) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("appid", account.appId());
        hash.put("name", account.name());
        hash.put("token", account.token());
        if (account.aesKey() != null) {
            hash.put("aesKey", account.aesKey());
        }
        hash.put("mode", account.mode().wireName());
        hash.put("originalId", account.originalId());
        if (account.secret() != null) {
            hash.put("secret", account.secret());
        }
        if (account.callbackUrl() != null) {
            hash.put("callbackUrl", account.callbackUrl());
        }
        hash.put("updatedAt", now.toString());
        String key = KEY_PREFIX + account.appId();
        try (Jedis jedis = pool.getResource()) {
            Transaction tx = jedis.multi();
            Response<Long> deleted = tx.del(key);
            tx.hset(key, hash);
            tx.exec();
            return deleted.get() == 0;
        }
    }

    /** Removes the account; false when there was none. */
    public boolean delete(String appId) {
        SandboxAccount.checkAppId(appId);
        try (Jedis jedis = pool.getResource()) {
            return jedis.del(KEY_PREFIX + appId) > 0;
        }
    }

    private static Optional<Stored> read(Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return Optional.empty();
        }
        try {
            SandboxAccount account = new SandboxAccount(
                    hash.get("appid"),
                    hash.get("name"),
                    hash.get("token"),
                    hash.get("aesKey"),
                    CallbackMode.parse(hash.get("mode")),
                    hash.get("originalId"),
                    hash.get("secret"),
                    hash.get("callbackUrl"));
            String updatedAt = hash.get("updatedAt");
            return Optional.of(new Stored(account, updatedAt == null ? Instant.EPOCH : Instant.parse(updatedAt)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
