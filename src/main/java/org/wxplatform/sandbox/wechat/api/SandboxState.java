package org.wxplatform.sandbox.wechat.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Everything the sandbox WeChat remembers, in Redis under {@code wxp:sandbox:*}, so that every node of the
 * product serves one and the same sandbox: issued access_tokens with their expiry, the current token and
 * jsapi_ticket of each account, per-account configuration and counters (HINCRBY, so concurrent nodes never
 * lose a count), menus, uploaded media, QR tickets, OAuth2 codes and tokens, subscription state, user tags
 * and the simulated users' inboxes.
 *
 * <p>Token rules (WeChat's): a token is valid until {@code expiresAt}; a new fetch supersedes the previous
 * token, which keeps working for five more minutes (WeChat's overlap) and then answers 40001; an
 * invalidated token answers 40001 at once; a token past its expiry answers 42001. Records of issued tokens
 * are kept for a day beyond their expiry, so a late caller still gets 42001 rather than 40001.
 */
@ApplicationScoped
public class SandboxState {

    static final String P = "wxp:sandbox:";
    /** How long a superseded token keeps working (WeChat: five minutes). */
    static final long OVERLAP_MILLIS = 300_000;
    /** Token fetches a day before WeChat answers 45009. */
    static final int DAILY_TOKEN_LIMIT = 2000;

    static final int MAX_INBOX = 1000;
    private static final Pattern TOKEN_FORM = Pattern.compile("[0-9A-Za-z_\\-]{16,512}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE.withZone(ZoneOffset.ofHours(8));

    @Inject
    JedisPool pool;

    LongSupplier clock = System::currentTimeMillis;

    SandboxState() {}

    SandboxState(JedisPool pool, LongSupplier clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public long now() {
        return clock.getAsLong();
    }

    /** An issued credential: the value and its lifetime in seconds. */
    public record Issued(String value, int expiresIn) {}

    /** What a presented access_token is. */
    public enum TokenStatus {
        VALID,
        /** Never issued (or its record is long gone). */
        UNKNOWN,
        /** Not even of a token's form. */
        MALFORMED,
        /** Past its expiry. */
        EXPIRED,
        /** Invalidated by the control endpoint, or superseded by a newer fetch more than five minutes ago. */
        INVALIDATED
    }

    /** The verdict on a presented token; {@code appId} is known unless the token is unknown or malformed. */
    public record TokenCheck(TokenStatus status, String appId) {}

    // ---- configuration

    public SandboxConfig config(String appId) {
        try (Jedis jedis = pool.getResource()) {
            return SandboxConfig.fromHash(jedis.hgetAll(P + "config:" + appId));
        }
    }

    /** Applies {@code patch} to the stored configuration and answers the result. */
    public SandboxConfig configure(String appId, JsonObject patch) {
        SandboxConfig merged = config(appId).merge(patch);
        String key = P + "config:" + appId;
        try (Jedis jedis = pool.getResource()) {
            Transaction tx = jedis.multi();
            tx.del(key);
            tx.hset(key, merged.toHash());
            if (patch.containsKey("errcode") || patch.containsKey("errcodeCount")) {
                if (merged.errcode() != null && merged.errcodeCount() != null) {
                    tx.set(P + "errleft:" + appId, Integer.toString(merged.errcodeCount()));
                } else {
                    tx.del(P + "errleft:" + appId);
                }
            }
            tx.exec();
        }
        return merged;
    }

    /**
     * Whether this call must answer the configured errcode: always when no count is set, else while the
     * shared countdown (DECR, so two nodes never both take the last one) stays at or above zero.
     */
    public Optional<Integer> takeInjectedErrcode(String appId, SandboxConfig config) {
        if (config.errcode() == null) {
            return Optional.empty();
        }
        if (config.errcodeCount() == null) {
            return Optional.of(config.errcode());
        }
        try (Jedis jedis = pool.getResource()) {
            long left = jedis.decr(P + "errleft:" + appId);
            if (left >= 0) {
                return Optional.of(config.errcode());
            }
            jedis.set(P + "errleft:" + appId, "-1");
            return Optional.empty();
        }
    }

    // ---- counters

    /** Adds one to a counter of the account ({@code tokenFetches}, {@code apiCalls}, ...). */
    public void count(String appId, String counter) {
        try (Jedis jedis = pool.getResource()) {
            jedis.hincrBy(P + "stats:" + (appId == null ? "_unattributed" : appId), counter, 1);
        }
    }

    /** Counts one API call of the account on {@code path}. */
    public void countCall(String appId, String path) {
        try (Jedis jedis = pool.getResource()) {
            Transaction tx = jedis.multi();
            tx.hincrBy(P + "stats:" + appId, "apiCalls", 1);
            tx.hincrBy(P + "calls:" + appId, path, 1);
            tx.exec();
        }
    }

    /** The counters of an account: the six named ones (0 when never counted) and the calls by path. */
    public Map<String, Object> stats(String appId) {
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> stats = jedis.hgetAll(P + "stats:" + appId);
            Map<String, Object> out = new LinkedHashMap<>();
            for (String name : List.of(
                    "tokenFetches",
                    "ticketFetches",
                    "apiCalls",
                    "expiredTokenCalls",
                    "invalidTokenCalls",
                    "lostAnswers")) {
                out.put(name, Long.parseLong(stats.getOrDefault(name, "0")));
            }
            Map<String, Long> calls = new java.util.TreeMap<>();
            jedis.hgetAll(P + "calls:" + appId).forEach((k, v) -> calls.put(k, Long.parseLong(v)));
            out.put("calls", calls);
            return out;
        }
    }

    /** Calls made with tokens that were never issued, which no account can be charged with. */
    public long unattributedInvalidTokenCalls() {
        try (Jedis jedis = pool.getResource()) {
            String n = jedis.hget(P + "stats:_unattributed", "invalidTokenCalls");
            return n == null ? 0 : Long.parseLong(n);
        }
    }

    // ---- access_token and jsapi_ticket

    /**
     * Issues a new access_token for the account with the configured lifetime and makes it the current one;
     * the previous token is superseded (it works five more minutes). Counts {@code tokenFetches}; past the
     * daily limit answers 45009 as WeChat does.
     */
    public Issued issueToken(String appId, int ttlSeconds) {
        long now = now();
        String token = randomToken(96);
        String dayKey = P + "tokenday:" + appId + ":" + DAY.format(Instant.ofEpochMilli(now));
        try (Jedis jedis = pool.getResource()) {
            long today = jedis.incr(dayKey);
            if (today == 1) {
                jedis.expire(dayKey, 2 * 86_400);
            }
            if (today > DAILY_TOKEN_LIMIT) {
                throw new ApiFailure(
                        ApiFailure.API_FREQ_OUT_OF_LIMIT,
                        "reach max api daily quota limit hint: more than " + DAILY_TOKEN_LIMIT
                                + " token fetches today");
            }
            Map<String, String> record = new HashMap<>();
            record.put("appid", appId);
            record.put("expiresAt", Long.toString(now + ttlSeconds * 1000L));
            jedis.hset(P + "token:" + token, record);
            jedis.expire(P + "token:" + token, ttlSeconds + 86_400L);
            String previous = jedis.getSet(P + "current:" + appId, token);
            if (previous != null && !previous.equals(token)) {
                jedis.hsetnx(P + "token:" + previous, "supersededAt", Long.toString(now));
            }
            jedis.hincrBy(P + "stats:" + appId, "tokenFetches", 1);
        }
        return new Issued(token, ttlSeconds);
    }

    /** What {@code token} is now (see the class comment). */
    public TokenCheck checkToken(String token) {
        if (token == null || !TOKEN_FORM.matcher(token).matches()) {
            return new TokenCheck(TokenStatus.MALFORMED, null);
        }
        Map<String, String> record;
        try (Jedis jedis = pool.getResource()) {
            record = jedis.hgetAll(P + "token:" + token);
        }
        return classify(record, now());
    }

    /** The verdict on a token record at {@code now} (pure, see the class comment). */
    static TokenCheck classify(Map<String, String> record, long now) {
        if (record == null || record.get("appid") == null || record.get("expiresAt") == null) {
            return new TokenCheck(TokenStatus.UNKNOWN, null);
        }
        String appId = record.get("appid");
        if (record.containsKey("invalidated")) {
            return new TokenCheck(TokenStatus.INVALIDATED, appId);
        }
        String superseded = record.get("supersededAt");
        if (superseded != null && now > Long.parseLong(superseded) + OVERLAP_MILLIS) {
            return new TokenCheck(TokenStatus.INVALIDATED, appId);
        }
        if (now >= Long.parseLong(record.get("expiresAt"))) {
            return new TokenCheck(TokenStatus.EXPIRED, appId);
        }
        return new TokenCheck(TokenStatus.VALID, appId);
    }

    /** Makes the account's current token answer 40001 from now on; false when it has none. */
    public boolean invalidateToken(String appId) {
        try (Jedis jedis = pool.getResource()) {
            String current = jedis.get(P + "current:" + appId);
            if (current == null || !jedis.exists(P + "token:" + current)) {
                return false;
            }
            jedis.hset(P + "token:" + current, "invalidated", Long.toString(now()));
            return true;
        }
    }

    /** The jsapi_ticket last issued to {@code appId} while it lives (what WeChat checks a JS-SDK signature with). */
    public Optional<String> currentTicket(String appId) {
        try (Jedis jedis = pool.getResource()) {
            return Optional.ofNullable(jedis.get(P + "ticket:" + appId));
        }
    }

    /** Issues a jsapi_ticket (7200 s) and counts {@code ticketFetches}. */
    public Issued issueTicket(String appId) {
        String ticket = randomToken(64);
        try (Jedis jedis = pool.getResource()) {
            jedis.set(P + "ticket:" + appId, ticket, SetParams.setParams().ex(7200));
            jedis.hincrBy(P + "stats:" + appId, "ticketFetches", 1);
        }
        return new Issued(ticket, 7200);
    }

    // ---- subscription and users

    public boolean subscribed(String appId, String openId) {
        try (Jedis jedis = pool.getResource()) {
            return !jedis.sismember(P + "unsubscribed:" + appId, openId);
        }
    }

    public void setSubscribed(String appId, String openId, boolean subscribed) {
        try (Jedis jedis = pool.getResource()) {
            if (subscribed) {
                jedis.srem(P + "unsubscribed:" + appId, openId);
            } else {
                jedis.sadd(P + "unsubscribed:" + appId, openId);
            }
            jedis.sadd(P + "users:" + appId, openId);
        }
    }

    /** Remembers an OpenID that talked to the account (the phone page lists them). */
    public void seen(String appId, String openId) {
        try (Jedis jedis = pool.getResource()) {
            jedis.sadd(P + "users:" + appId, openId);
        }
    }

    public Set<String> seenUsers(String appId) {
        try (Jedis jedis = pool.getResource()) {
            return jedis.smembers(P + "users:" + appId);
        }
    }

    // ---- user tags (/cgi-bin/tags/*)

    /** A tag of the account and how many users carry it. */
    public record Tag(long id, String name, long count) {}

    private static final String CREATE_TAG = "if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return -1 end "
            + "if redis.call('HLEN', KEYS[1]) - 1 >= tonumber(ARGV[2]) then return -2 end "
            + "local id = redis.call('INCR', KEYS[3]) "
            + "if id < tonumber(ARGV[3]) then redis.call('SET', KEYS[3], ARGV[3]) id = tonumber(ARGV[3]) end "
            + "redis.call('HSET', KEYS[1], id, ARGV[1]) "
            + "redis.call('HSET', KEYS[2], ARGV[1], id) "
            + "return id";

    // KEYS: the tags, the tag's members, then one set of tags per user; ARGV: tag id, limit, then the openids
    private static final String TAG_USERS = "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -1 end "
            + "for i = 3, #KEYS do "
            + "  if redis.call('SISMEMBER', KEYS[i], ARGV[1]) == 0 "
            + "      and redis.call('SCARD', KEYS[i]) >= tonumber(ARGV[2]) then return -2 end "
            + "end "
            + "for i = 3, #KEYS do redis.call('SADD', KEYS[i], ARGV[1]) redis.call('SADD', KEYS[2], ARGV[i]) end "
            + "return 0";

    private static final String UNTAG_USERS = "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -1 end "
            + "for i = 3, #KEYS do redis.call('SREM', KEYS[i], ARGV[1]) redis.call('SREM', KEYS[2], ARGV[i]) end "
            + "return 0";

    private static String tagsKey(String appId) {
        return P + "tags:" + appId;
    }

    private static String tagNamesKey(String appId) {
        return P + "tagnames:" + appId;
    }

    private static String membersKey(String appId, long tagId) {
        return P + "tagmembers:" + appId + ":" + tagId;
    }

    private static String userTagsKey(String appId, String openId) {
        return P + "usertags:" + appId + ":" + openId;
    }

    /** Every account has WeChat's reserved 星标组 (id 2). */
    private static void seedTags(Jedis jedis, String appId) {
        jedis.hsetnx(tagsKey(appId), Long.toString(TagRules.STARRED_ID), TagRules.STARRED_NAME);
        jedis.hsetnx(tagNamesKey(appId), TagRules.STARRED_NAME, Long.toString(TagRules.STARRED_ID));
    }

    /** The account's tags by id, each with the number of users carrying it. */
    public List<Tag> tags(String appId) {
        try (Jedis jedis = pool.getResource()) {
            seedTags(jedis, appId);
            List<Tag> out = new ArrayList<>();
            jedis.hgetAll(tagsKey(appId))
                    .forEach((id, name) -> out.add(
                            new Tag(Long.parseLong(id), name, jedis.scard(membersKey(appId, Long.parseLong(id))))));
            out.sort(java.util.Comparator.comparingLong(Tag::id));
            return out;
        }
    }

    /** A new tag (ids from 100 on); 45157 when the name is taken, 45056 past 100 tags. */
    public Tag createTag(String appId, String name) {
        try (Jedis jedis = pool.getResource()) {
            seedTags(jedis, appId);
            long id = ((Number) jedis.eval(
                            CREATE_TAG,
                            List.of(tagsKey(appId), tagNamesKey(appId), P + "tagseq:" + appId),
                            List.of(name, Integer.toString(TagRules.MAX_TAGS), Long.toString(TagRules.FIRST_ID))))
                    .longValue();
            if (id == -1) {
                throw new ApiFailure(ApiFailure.INVALID_TAG_NAME, "invalid tag name hint: the name is taken");
            }
            if (id == -2) {
                throw new ApiFailure(
                        ApiFailure.TOO_MANY_TAGS, "too many tags hint: at most " + TagRules.MAX_TAGS + " tags");
            }
            return new Tag(id, name, 0);
        }
    }

    /**
     * Puts the tag on every user of the batch, or on none: 45159 for a tag the account does not have, 45059
     * when a user would carry more than 20 tags.
     */
    public void tag(String appId, TagRules.Batch batch) {
        if (batchScript(appId, batch, TAG_USERS) == -2) {
            throw new ApiFailure(
                    ApiFailure.TOO_MANY_TAGS_OF_USER,
                    "tag number of user exceeds limit hint: at most " + TagRules.MAX_TAGS_PER_USER + " tags a user");
        }
    }

    /** Takes the tag off every user of the batch; 45159 for a tag the account does not have. */
    public void untag(String appId, TagRules.Batch batch) {
        batchScript(appId, batch, UNTAG_USERS);
    }

    private long batchScript(String appId, TagRules.Batch batch, String script) {
        List<String> keys = new ArrayList<>(List.of(tagsKey(appId), membersKey(appId, batch.tagId())));
        List<String> args =
                new ArrayList<>(List.of(Long.toString(batch.tagId()), Integer.toString(TagRules.MAX_TAGS_PER_USER)));
        for (String openId : batch.openids()) {
            keys.add(userTagsKey(appId, openId));
            args.add(openId);
        }
        try (Jedis jedis = pool.getResource()) {
            seedTags(jedis, appId);
            long r = ((Number) jedis.eval(script, keys, args)).longValue();
            if (r == -1) {
                throw new ApiFailure(ApiFailure.INVALID_TAG_ID, "invalid tag id hint: no tag " + batch.tagId());
            }
            return r;
        }
    }

    /** The ids of the tags the user carries, ascending. */
    public List<Long> tagsOf(String appId, String openId) {
        try (Jedis jedis = pool.getResource()) {
            return jedis.smembers(userTagsKey(appId, openId)).stream()
                    .map(Long::valueOf)
                    .sorted()
                    .toList();
        }
    }

    // ---- inbox

    /**
     * Appends what a simulated user received; {@code entry} is the JSON object without {@code seq} and
     * {@code receivedAt}, which this adds. Answers the sequence number (1, 2, ... per user).
     */
    public long deliver(String appId, String openId, JsonObject entry) {
        String list = P + "inbox:" + appId + ":" + openId;
        try (Jedis jedis = pool.getResource()) {
            long seq = jedis.incr(P + "inboxseq:" + appId + ":" + openId);
            JsonObject stamped = jakarta.json.Json.createObjectBuilder()
                    .add("seq", seq)
                    .addAll(jakarta.json.Json.createObjectBuilder(entry))
                    .add("receivedAt", Instant.ofEpochMilli(now()).toString())
                    .build();
            // RPUSH after INCR: two nodes delivering at once may append out of seq order; readers sort
            jedis.rpush(list, stamped.toString());
            jedis.ltrim(list, -MAX_INBOX, -1);
            jedis.sadd(P + "users:" + appId, openId);
            return seq;
        }
    }

    /** The user's inbox entries (JSON objects as strings), raw, oldest first as appended. */
    public List<String> inbox(String appId, String openId) {
        try (Jedis jedis = pool.getResource()) {
            return jedis.lrange(P + "inbox:" + appId + ":" + openId, 0, -1);
        }
    }

    // ---- menu

    public void putMenu(String appId, String menuJson) {
        try (Jedis jedis = pool.getResource()) {
            jedis.set(P + "menu:" + appId, menuJson);
        }
    }

    public Optional<String> menu(String appId) {
        try (Jedis jedis = pool.getResource()) {
            return Optional.ofNullable(jedis.get(P + "menu:" + appId));
        }
    }

    public boolean deleteMenu(String appId) {
        try (Jedis jedis = pool.getResource()) {
            return jedis.del(P + "menu:" + appId) > 0;
        }
    }

    // ---- media, QR codes, template jobs

    /** Stores an upload's metadata for three days (WeChat's temporary media) and answers its media_id. */
    public String putMedia(String appId, String type, String filename, long size) {
        String mediaId = randomToken(48);
        Map<String, String> record = new HashMap<>();
        record.put("appid", appId);
        record.put("type", type);
        record.put("filename", filename);
        record.put("size", Long.toString(size));
        record.put("createdAt", Long.toString(now() / 1000));
        try (Jedis jedis = pool.getResource()) {
            jedis.hset(P + "media:" + mediaId, record);
            jedis.expire(P + "media:" + mediaId, 3 * 86_400);
        }
        return mediaId;
    }

    /** The media's record when it exists and belongs to the account. */
    public Optional<Map<String, String>> media(String appId, String mediaId) {
        if (mediaId == null || !TOKEN_FORM.matcher(mediaId).matches()) {
            return Optional.empty();
        }
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> record = jedis.hgetAll(P + "media:" + mediaId);
            if (record.isEmpty()) {
                // a permanent image serves wherever a media_id is asked for
                record = jedis.hgetAll(P + "material:" + mediaId);
            }
            return appId.equals(record.get("appid")) ? Optional.of(record) : Optional.empty();
        }
    }

    /**
     * Stores a permanent image ({@code /cgi-bin/material/add_material}): its metadata and its bytes, with
     * no expiry (WeChat keeps permanent material until it is deleted); answers its media_id.
     */
    public String putMaterial(String appId, String filename, byte[] content) {
        String mediaId = randomToken(43);
        Map<String, String> record = new HashMap<>();
        record.put("appid", appId);
        record.put("type", "image");
        record.put("filename", filename);
        record.put("size", Integer.toString(content.length));
        record.put("createdAt", Long.toString(now() / 1000));
        record.put("permanent", "1");
        try (Jedis jedis = pool.getResource()) {
            Transaction tx = jedis.multi();
            tx.set((P + "material:bytes:" + mediaId).getBytes(java.nio.charset.StandardCharsets.UTF_8), content);
            tx.hset(P + "material:" + mediaId, record);
            tx.sadd(P + "materials:" + appId, mediaId);
            tx.exec();
        }
        return mediaId;
    }

    /** The bytes of a permanent image, whatever account it belongs to (its URL is public, as WeChat's). */
    public Optional<byte[]> materialBytes(String mediaId) {
        if (mediaId == null || !TOKEN_FORM.matcher(mediaId).matches()) {
            return Optional.empty();
        }
        try (Jedis jedis = pool.getResource()) {
            return Optional.ofNullable(
                    jedis.get((P + "material:bytes:" + mediaId).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /** How many permanent images an account has. */
    public long materialCount(String appId) {
        try (Jedis jedis = pool.getResource()) {
            return jedis.scard(P + "materials:" + appId);
        }
    }

    /** Stores a QR ticket ({@code expireSeconds} 0 for a permanent one) and answers the ticket. */
    public String putQr(String appId, String action, String scene, int expireSeconds) {
        String ticket = "gQ" + randomToken(60);
        Map<String, String> record = new HashMap<>();
        record.put("appid", appId);
        record.put("action", action);
        record.put("scene", scene);
        try (Jedis jedis = pool.getResource()) {
            jedis.hset(P + "qr:" + ticket, record);
            if (expireSeconds > 0) {
                jedis.expire(P + "qr:" + ticket, expireSeconds);
            }
        }
        return ticket;
    }

    public Optional<Map<String, String>> qr(String ticket) {
        if (ticket == null || ticket.length() > 200) {
            return Optional.empty();
        }
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> record = jedis.hgetAll(P + "qr:" + ticket);
            return record.isEmpty() ? Optional.empty() : Optional.of(record);
        }
    }

    /** A fresh template msgid, unique across nodes. */
    public long nextMsgId() {
        try (Jedis jedis = pool.getResource()) {
            return 2_000_000_000L + jedis.incr(P + "msgid");
        }
    }

    /** The account's template library as the template list API answers it (set by the control API). */
    public Optional<String> templateList(String appId) {
        try (Jedis jedis = pool.getResource()) {
            return Optional.ofNullable(jedis.get(P + "tpl:list:" + appId));
        }
    }

    public void putTemplateList(String appId, String json) {
        try (Jedis jedis = pool.getResource()) {
            jedis.set(P + "tpl:list:" + appId, json);
        }
    }

    /**
     * Takes one template send of today's quota (Beijing day, as WeChat counts); false, taking nothing, once
     * {@code limit} sends were accepted today.
     */
    public boolean takeTemplateQuota(String appId, int limit) {
        String key = P + "tpl:day:" + appId + ":" + DAY.format(Instant.ofEpochMilli(now()));
        try (Jedis jedis = pool.getResource()) {
            long used = jedis.incr(key);
            if (used == 1) {
                jedis.expire(key, 2 * 86_400);
            }
            if (used > limit) {
                jedis.decr(key);
                return false;
            }
            return true;
        }
    }

    /** Token fetches today (the day of the 2000 limit). */
    public long tokenFetchesToday(String appId) {
        try (Jedis jedis = pool.getResource()) {
            String n = jedis.get(P + "tokenday:" + appId + ":" + DAY.format(Instant.ofEpochMilli(now())));
            return n == null ? 0 : Long.parseLong(n);
        }
    }

    /** Template sends accepted today. */
    public long templateQuotaUsed(String appId) {
        try (Jedis jedis = pool.getResource()) {
            String used = jedis.get(P + "tpl:day:" + appId + ":" + DAY.format(Instant.ofEpochMilli(now())));
            return used == null ? 0 : Long.parseLong(used);
        }
    }

    private static final String FIRST_LAST = "local now = tonumber(ARGV[1]) "
            + "local f = tonumber(redis.call('HGET', KEYS[1], 'first')) "
            + "if not f or now < f then redis.call('HSET', KEYS[1], 'first', ARGV[1]) end "
            + "local l = tonumber(redis.call('HGET', KEYS[1], 'last')) "
            + "if not l or now > l then redis.call('HSET', KEYS[1], 'last', ARGV[1]) end "
            + "redis.call('HINCRBY', KEYS[1], 'sent', 1) "
            + "if ARGV[2] == '1' then redis.call('HINCRBY', KEYS[1], 'msgIdZero', 1) end "
            + "return 1";

    /**
     * Counts an accepted template send: one more for the user, for the second it was received in, for the
     * Status its receipt will carry, and the first and last receive times (ms).
     */
    public void templateSent(String appId, String openId, String status, boolean msgIdZero) {
        long now = now();
        try (Jedis jedis = pool.getResource()) {
            jedis.hincrBy(P + "tpl:count:" + appId, openId, 1);
            jedis.hincrBy(P + "tpl:sec:" + appId, Long.toString(now / 1000), 1);
            jedis.hincrBy(P + "tpl:status:" + appId, status, 1);
            jedis.eval(FIRST_LAST, List.of(P + "tpl:sum:" + appId), List.of(Long.toString(now), msgIdZero ? "1" : "0"));
        }
    }

    /**
     * What the account's users received by template: {@code sent}, {@code users} (distinct), {@code
     * duplicates} (users who got more than one), {@code maxPerUser}, {@code first} and {@code last} receive
     * times (ms), {@code msgIdZero}, {@code statuses} {Status: n} and {@code perSecond} {epoch second: n}.
     */
    public Map<String, Object> templateStats(String appId) {
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> sum = jedis.hgetAll(P + "tpl:sum:" + appId);
            long users = 0;
            long duplicates = 0;
            long max = 0;
            for (String n : jedis.hvals(P + "tpl:count:" + appId)) {
                long c = Long.parseLong(n);
                users++;
                duplicates += c > 1 ? 1 : 0;
                max = Math.max(max, c);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sent", Long.parseLong(sum.getOrDefault("sent", "0")));
            out.put("users", users);
            out.put("duplicates", duplicates);
            out.put("maxPerUser", max);
            out.put("first", Long.parseLong(sum.getOrDefault("first", "0")));
            out.put("last", Long.parseLong(sum.getOrDefault("last", "0")));
            out.put("msgIdZero", Long.parseLong(sum.getOrDefault("msgIdZero", "0")));
            out.put("heldReceipts", jedis.llen(P + "tpl:held:" + appId));
            Map<String, Long> statuses = new java.util.TreeMap<>();
            jedis.hgetAll(P + "tpl:status:" + appId).forEach((k, v) -> statuses.put(k, Long.parseLong(v)));
            out.put("statuses", statuses);
            Map<String, Long> seconds = new java.util.TreeMap<>();
            jedis.hgetAll(P + "tpl:sec:" + appId).forEach((k, v) -> seconds.put(k, Long.parseLong(v)));
            out.put("perSecond", seconds);
            return out;
        }
    }

    /** How many template messages each user of the account received. */
    public Map<String, String> templateCounts(String appId) {
        try (Jedis jedis = pool.getResource()) {
            return jedis.hgetAll(P + "tpl:count:" + appId);
        }
    }

    /** Keeps a receipt (a JSON object) until {@link #takeHeldReceipts}. */
    public void holdReceipt(String appId, String json) {
        try (Jedis jedis = pool.getResource()) {
            jedis.rpush(P + "tpl:held:" + appId, json);
        }
    }

    /** Every held receipt of the account, removed at once. */
    public List<String> takeHeldReceipts(String appId) {
        String key = P + "tpl:held:" + appId;
        try (Jedis jedis = pool.getResource()) {
            Transaction tx = jedis.multi();
            tx.lrange(key, 0, -1);
            tx.del(key);
            @SuppressWarnings("unchecked")
            List<String> held = (List<String>) tx.exec().get(0);
            return held;
        }
    }

    // ---- OAuth2

    /** A one-time code for the user, valid five minutes (WeChat's rule). */
    public String issueCode(String appId, String openId, String scope) {
        return issueCode(appId, openId, scope, false);
    }

    /**
     * A one-time code; {@code snapshot}: the page was opened as a Moments snapshot, so the exchange answers
     * {@code is_snapshotuser=1} and a virtual openid that belongs to no subscriber (WeChat's rule).
     */
    public String issueCode(String appId, String openId, String scope, boolean snapshot) {
        String code = randomToken(24);
        Map<String, String> record = snapshot
                ? Map.of("appid", appId, "openid", virtualOpenid(appId, openId), "scope", scope, "snapshot", "1")
                : Map.of("appid", appId, "openid", openId, "scope", scope);
        try (Jedis jedis = pool.getResource()) {
            jedis.hset(P + "oauth:code:" + code, record);
            jedis.expire(P + "oauth:code:" + code, 300);
        }
        return code;
    }

    /**
     * Redeems a code: its record, once; a second redemption answers 40163, an unknown or foreign code 40029.
     */
    public Map<String, String> redeemCode(String appId, String code) {
        if (code == null || !TOKEN_FORM.matcher(code).matches()) {
            throw new ApiFailure(ApiFailure.INVALID_CODE, "invalid code");
        }
        try (Jedis jedis = pool.getResource()) {
            String key = P + "oauth:code:" + code;
            Map<String, String> record = jedis.hgetAll(key);
            if (record.isEmpty() || !appId.equals(record.get("appid"))) {
                throw new ApiFailure(ApiFailure.INVALID_CODE, "invalid code");
            }
            if (jedis.hsetnx(key, "used", "1") == 0) {
                throw new ApiFailure(ApiFailure.CODE_BEEN_USED, "code been used");
            }
            return record;
        }
    }

    private static String virtualOpenid(String appId, String openId) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("snapshot " + appId + " " + openId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "oSnap" + java.util.HexFormat.of().formatHex(d).substring(0, 23);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A web-authorization access_token for the user (7200 s). */
    public Issued issueSnsToken(String appId, String openId, String scope) {
        String token = randomToken(96);
        Map<String, String> record = Map.of("appid", appId, "openid", openId, "scope", scope);
        try (Jedis jedis = pool.getResource()) {
            jedis.hset(P + "sns:" + token, record);
            jedis.expire(P + "sns:" + token, 7200);
        }
        return new Issued(token, 7200);
    }

    public Optional<Map<String, String>> snsToken(String token) {
        if (token == null || !TOKEN_FORM.matcher(token).matches()) {
            return Optional.empty();
        }
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> record = jedis.hgetAll(P + "sns:" + token);
            return record.isEmpty() ? Optional.empty() : Optional.of(record);
        }
    }

    // ---- customer-service message limits (KfRules)

    static String kfKey(String appId, String openId) {
        return P + "kf:" + appId + ":" + openId;
    }

    /** The kf rules' clock for an account: the real one moved by its {@code kfClockOffsetSeconds}. */
    public long kfNow(String appId) {
        return now() + config(appId).kfClockOffsetSeconds() * 1000L;
    }

    /** The subscriber interacted at {@code at}: the window of that kind opens again with a full budget. */
    public void interacted(String appId, String openId, KfRules.Interaction kind, long at) {
        String key = kfKey(appId, openId);
        try (Jedis jedis = pool.getResource()) {
            Transaction tx = jedis.multi();
            if (kind == KfRules.Interaction.MESSAGE) {
                tx.hset(key, Map.of("msgAt", Long.toString(at), "msgSent", "0"));
            } else {
                tx.hset(key, Map.of("evAt", Long.toString(at), "evSent", "0"));
            }
            // kept past the 48 hours, and past any clock offset a test may set
            tx.pexpire(key, KfRules.MESSAGE_WINDOW_MILLIS + 31L * 86_400_000);
            tx.sadd(P + "users:" + appId, openId);
            tx.exec();
        }
    }

    /** Takes one customer-service message of the subscriber's budget at {@code now} (atomically). */
    public KfRules.Verdict takeKf(String appId, String openId, long now) {
        try (Jedis jedis = pool.getResource()) {
            Object code = jedis.eval(
                    KfRules.TAKE,
                    List.of(kfKey(appId, openId)),
                    List.of(
                            Long.toString(now),
                            Long.toString(KfRules.MESSAGE_WINDOW_MILLIS),
                            Integer.toString(KfRules.MESSAGE_BUDGET),
                            Long.toString(KfRules.EVENT_WINDOW_MILLIS),
                            Integer.toString(KfRules.EVENT_BUDGET)));
            return KfRules.verdict(((Number) code).longValue());
        }
    }

    /** What is left of the subscriber's budget at {@code now}. */
    public KfRules.Budget kfBudget(String appId, String openId, long now) {
        try (Jedis jedis = pool.getResource()) {
            List<String> h = jedis.hmget(kfKey(appId, openId), "msgAt", "msgSent", "evAt", "evSent");
            return KfRules.budget(
                    h.get(0) == null ? null : Long.valueOf(h.get(0)),
                    h.get(1) == null ? 0 : Integer.parseInt(h.get(1)),
                    h.get(2) == null ? null : Long.valueOf(h.get(2)),
                    h.get(3) == null ? 0 : Integer.parseInt(h.get(3)),
                    now);
        }
    }

    // ---- reset

    /**
     * Forgets the account's counters, configuration, inboxes, menu, subscriptions, user tags,
     * customer-service message windows and current token (which
     * answers 40001 from now on). The registry entry stays.
     */
    public void reset(String appId) {
        invalidateToken(appId);
        List<String> keys = new ArrayList<>(List.of(
                P + "config:" + appId,
                P + "errleft:" + appId,
                P + "stats:" + appId,
                P + "calls:" + appId,
                P + "current:" + appId,
                P + "ticket:" + appId,
                P + "menu:" + appId,
                P + "users:" + appId,
                P + "unsubscribed:" + appId,
                P + "tpl:list:" + appId,
                P + "tpl:count:" + appId,
                P + "tpl:sec:" + appId,
                P + "tpl:status:" + appId,
                P + "tpl:sum:" + appId,
                P + "tpl:held:" + appId,
                tagsKey(appId),
                tagNamesKey(appId),
                P + "tagseq:" + appId));
        try (Jedis jedis = pool.getResource()) {
            for (String pattern : List.of(
                    P + "inbox:" + appId + ":*",
                    P + "inboxseq:" + appId + ":*",
                    P + "kf:" + appId + ":*",
                    P + "tagmembers:" + appId + ":*",
                    P + "usertags:" + appId + ":*",
                    P + "tpl:day:" + appId + ":*")) {
                ScanParams params = new ScanParams().match(pattern).count(500);
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = jedis.scan(cursor, params);
                    keys.addAll(page.getResult());
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
            jedis.del(keys.toArray(new String[0]));
        }
    }

    static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
