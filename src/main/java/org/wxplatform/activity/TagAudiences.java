package org.wxplatform.activity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.wxplatform.account.wechat.UserTag;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The WeChat side of a {@link Audience#TAG} audience: the account's tags, and whether a subscriber carries
 * one. A subscriber's tags are WeChat's answer to {@code /cgi-bin/tags/getidlist}, kept in Redis for
 * {@code WXP_ACTIVITY_TAG_CACHE_SECONDS} (60) under {@code wxp:activity:tags:<appid>:<openid>} (the openid
 * as WeChat gave it to the page), so that the page's view and the draw right after it ask WeChat once, and
 * a tag put on or taken off at WeChat counts within a minute.
 *
 * <p>Guarantees: only an answer of WeChat is kept. When WeChat cannot be asked (unreachable, busy, over its
 * limits, no token) the answer is {@link Membership#UNKNOWN}, nothing is kept, and the next request asks
 * again; nobody is let in and nobody is recorded as outside the audience on a failure. An openid WeChat
 * says is no follower of the account (40003, 43004, 49003) carries no tags. Redis being away only costs
 * the cache: WeChat is asked directly.
 */
@ApplicationScoped
public class TagAudiences {

    static final String PREFIX = "wxp:activity:tags:";
    /** WeChat's answers meaning "this openid follows nobody here": it carries no tag of the account. */
    static final Set<Integer> NO_FOLLOWER = Set.of(40003, 43004, 49003);

    private static final Logger LOG = Logger.getLogger(TagAudiences.class.getName());

    @Inject
    WeChatClient wechat;

    @Inject
    JedisPool pool;

    int cacheSeconds = Settings.getInt("WXP_ACTIVITY_TAG_CACHE_SECONDS", 60);

    TagAudiences() {}

    TagAudiences(WeChatClient wechat, JedisPool pool, int cacheSeconds) {
        this.wechat = wechat;
        this.pool = pool;
        this.cacheSeconds = cacheSeconds;
    }

    /** The account's tags as WeChat lists them now. */
    public List<UserTag> accountTags(String appid) throws WeChatApiException {
        return wechat.tags(appid);
    }

    /** Whether {@code openid} carries the tag {@code tagId} (see the class comment). */
    public Membership carries(String appid, String openid, long tagId) {
        return tagsOf(appid, openid)
                .map(tags -> tags.contains(tagId) ? Membership.IN : Membership.OUT)
                .orElse(Membership.UNKNOWN);
    }

    /** The ids of the tags {@code openid} carries, from the cache or WeChat; empty when WeChat could not say. */
    Optional<Set<Long>> tagsOf(String appid, String openid) {
        String key = key(appid, openid);
        Optional<String> cached = read(key);
        if (cached.isPresent()) {
            try {
                return Optional.of(decode(cached.get()));
            } catch (NumberFormatException e) {
                // not what this class writes: ask WeChat and write it again
            }
        }
        List<Long> ids;
        try {
            ids = wechat.tagsOf(appid, openid);
        } catch (IllegalArgumentException e) {
            return Optional.of(Set.of()); // no openid WeChat could have given: nobody's tags
        } catch (WeChatApiException e) {
            if (!NO_FOLLOWER.contains(e.errcode())) {
                LOG.warning("tags of a subscriber of " + appid + " not known now: " + e.getMessage());
                return Optional.empty();
            }
            ids = List.of();
        }
        write(key, encode(ids));
        return Optional.of(Set.copyOf(ids));
    }

    /** Forgets what is kept of {@code openid}'s tags (the next question goes to WeChat). */
    public void forget(String appid, String openid) {
        try (Jedis jedis = pool.getResource()) {
            jedis.del(key(appid, openid));
        } catch (JedisException e) {
            LOG.warning("tag cache not cleared: " + e);
        }
    }

    static String key(String appid, String openid) {
        return PREFIX + appid + ":" + openid;
    }

    /** The kept form: the ids, comma-separated ("" for none). */
    static String encode(Collection<Long> ids) {
        return ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    static Set<Long> decode(String kept) {
        if (kept.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(kept.split(",")).map(Long::valueOf).collect(Collectors.toUnmodifiableSet());
    }

    private Optional<String> read(String key) {
        try (Jedis jedis = pool.getResource()) {
            return Optional.ofNullable(jedis.get(key));
        } catch (JedisException e) {
            LOG.warning("tag cache not read, asking WeChat: " + e);
            return Optional.empty();
        }
    }

    private void write(String key, String value) {
        if (cacheSeconds <= 0) {
            return;
        }
        try (Jedis jedis = pool.getResource()) {
            jedis.setex(key, cacheSeconds, value);
        } catch (JedisException e) {
            LOG.warning("tag cache not written: " + e);
        }
    }
}
