package org.wxplatform.business.binding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.wxplatform.message.route.Prefetch;
import org.wxplatform.message.route.Prefetched;
import org.wxplatform.message.xml.InboundMessage;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * {@link BindingState} in Redis. Keys (all with a time to live):
 *
 * <ul>
 *   <li>{@code wxp:bind:cache:{appid}:{openid}}: the bound phone, or {@code -} for none;
 *   <li>{@code wxp:bind:pending:{appid}:{openid}}: hash {@code phone}, {@code attempts};
 *   <li>{@code wxp:bind:codes:{appid}:{openid}}: code requests in the current hour;
 *   <li>{@code wxp:bind:phone:{what}:{phone}}: code requests or code checks for one number in the current
 *       hour, over all accounts and subscribers;
 *   <li>{@code wxp:bind:step:{appid}:{openid}}: {@code PHONE} or {@code CODE}.
 * </ul>
 */
@ApplicationScoped
public class RedisBindingState implements BindingState, Prefetch {

    private static final String NONE = "-";

    @Inject
    JedisPool pool;

    @Override
    public Optional<Cached> cached(String appid, String openid) {
        try (Jedis jedis = pool.getResource()) {
            String v = jedis.get(key("cache", appid, openid));
            return v == null ? Optional.empty() : Optional.of(new Cached(NONE.equals(v) ? null : v));
        } catch (JedisException e) {
            return Optional.empty();
        }
    }

    @Override
    public void cacheIfAbsent(String appid, String openid, String phone, Duration ttl) {
        try (Jedis jedis = pool.getResource()) {
            jedis.set(
                    key("cache", appid, openid),
                    phone == null ? NONE : phone,
                    SetParams.setParams().nx().ex(ttl.toSeconds()));
        } catch (JedisException e) {
            // a miss next time, nothing worse
        }
    }

    @Override
    public void cache(String appid, String openid, String phone, Duration ttl) {
        try (Jedis jedis = pool.getResource()) {
            jedis.set(
                    key("cache", appid, openid),
                    phone == null ? NONE : phone,
                    SetParams.setParams().ex(ttl.toSeconds()));
        } catch (JedisException e) {
            // cannot replace it: at least try to drop what a reader may have cached
            try (Jedis jedis = pool.getResource()) {
                jedis.del(key("cache", appid, openid));
            } catch (JedisException again) {
                // Redis is down: nothing is cached either
            }
        }
    }

    @Override
    public Optional<Pending> pending(String appid, String openid) {
        return call(jedis -> {
            Map<String, String> h = jedis.hgetAll(key("pending", appid, openid));
            String phone = h.get("phone");
            return phone == null
                    ? Optional.empty()
                    : Optional.of(new Pending(phone, Integer.parseInt(h.getOrDefault("attempts", "0"))));
        });
    }

    @Override
    public void startPending(String appid, String openid, String phone, Duration ttl) {
        String key = key("pending", appid, openid);
        call(jedis -> {
            var tx = jedis.multi();
            tx.del(key);
            tx.hset(key, Map.of("phone", phone, "attempts", "0"));
            tx.expire(key, ttl.toSeconds());
            return tx.exec();
        });
    }

    @Override
    public int countAttempt(String appid, String openid) {
        String key = key("pending", appid, openid);
        // only count on an existing entry: HINCRBY would otherwise create one without a phone or a TTL
        return call(jedis -> {
            Object n = jedis.eval(
                    "if redis.call('HEXISTS', KEYS[1], 'phone') == 1 then"
                            + " return redis.call('HINCRBY', KEYS[1], 'attempts', 1) else return 0 end",
                    List.of(key),
                    List.of());
            return ((Long) n).intValue();
        });
    }

    @Override
    public void uncountAttempt(String appid, String openid) {
        String key = key("pending", appid, openid);
        call(jedis -> jedis.eval(
                "if redis.call('HEXISTS', KEYS[1], 'phone') == 1 then"
                        + " return redis.call('HINCRBY', KEYS[1], 'attempts', -1) else return 0 end",
                List.of(key),
                List.of()));
    }

    @Override
    public void clearPending(String appid, String openid) {
        call(jedis -> jedis.del(key("pending", appid, openid)));
    }

    @Override
    public int countCodeRequest(String appid, String openid) {
        String key = key("codes", appid, openid);
        return call(jedis -> {
            long n = jedis.incr(key);
            if (n == 1) {
                jedis.expire(key, 3600);
            }
            return (int) n;
        });
    }

    @Override
    public int countForPhone(String what, String phone, int windowSeconds) {
        String key = "wxp:bind:phone:" + what + ":" + phone;
        return call(jedis -> {
            // the window starts with the first count and cannot lose its time to live
            jedis.set(key, "0", SetParams.setParams().nx().ex(windowSeconds));
            return (int) jedis.incr(key);
        });
    }

    @Override
    public Optional<Step> step(String appid, String openid) {
        String key = key("step", appid, openid);
        Optional<Optional<String>> prefetched = Prefetched.take(key);
        if (prefetched.isPresent()) {
            return prefetched.get().flatMap(RedisBindingState::parseStep); // read in the callback's gate call
        }
        return call(jedis -> {
            String v = jedis.get(key);
            return v == null ? Optional.empty() : parseStep(v);
        });
    }

    private static Optional<Step> parseStep(String v) {
        try {
            return Optional.of(Step.valueOf(v));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A text may continue a binding dialogue: its step is read in the callback's gate call. */
    @Override
    public String key(String appid, InboundMessage message) {
        return message instanceof InboundMessage.Text ? key("step", appid, message.fromUserName()) : null;
    }

    @Override
    public void step(String appid, String openid, Step step, Duration ttl) {
        call(jedis -> jedis.set(
                key("step", appid, openid), step.name(), SetParams.setParams().ex(ttl.toSeconds())));
    }

    @Override
    public void clearStep(String appid, String openid) {
        call(jedis -> jedis.del(key("step", appid, openid)));
    }

    private <T> T call(Function<Jedis, T> work) {
        try (Jedis jedis = pool.getResource()) {
            return work.apply(jedis);
        } catch (JedisException e) {
            throw new StateUnavailableException("binding state unavailable: " + e.getMessage(), e);
        }
    }

    private static String key(String kind, String appid, String openid) {
        return "wxp:bind:" + kind + ":" + appid + ":" + openid;
    }
}
