package org.wxplatform.activity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.wxplatform.account.wechat.UserTag;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.business.binding.BindingService;
import org.wxplatform.business.binding.Phones;

/**
 * Activities (SPEC §5.1): operators write a draft, publish it, end it; subscribers open it, and for a
 * drawing module draw once.
 *
 * <p>Guarantees: a subscriber has at most one participation per activity (a unique key); a draw takes a
 * prize from its stock in the same transaction as that row, so a second draw (at the same instant or
 * later, on any node) gives nothing and answers the first draw's outcome; no prize is given beyond its
 * stock. The outcome is decided here on the server, never by the page. Snapshot-page visitors are kept out
 * by the callers (they never reach {@link #draw}). A subscriber outside the audience draws nothing and is
 * not recorded; for a {@link Audience#TAG} audience WeChat decides ({@link TagAudiences}), and while WeChat
 * cannot answer the subscriber is told to try later ({@link DrawResult.Outcome#TRY_LATER}), never let in.
 */
@ApplicationScoped
public class ActivityService {

    static final int MAX_TITLE = 64;
    static final int MAX_BODY = 2000;
    static final int MAX_IMAGES = 9;
    static final int MAX_PRIZES = 8;
    static final int BASIS = 10_000;
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    private static final Logger LOG = Logger.getLogger(ActivityService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    JdbcActivities store;

    @Inject
    BindingService bindings;

    @Inject
    TagAudiences tagAudiences;

    public List<Activity> list(String appid) {
        return store.list(appid);
    }

    public Optional<Activity> find(String appid, long id) {
        return store.find(appid, id);
    }

    /**
     * Stores a new draft; bad input is an {@link IllegalArgumentException} naming the field (a tag id the
     * account does not have at WeChat among them); {@link TagsUnavailableException} when WeChat's tags could
     * not be read for a TAG audience.
     */
    public Activity create(String appid, ActivityDraft draft, String by) {
        ActivityDraft d = named(appid, validate(draft));
        long id = store.insert(appid, d, by);
        return store.find(appid, id).orElseThrow();
    }

    /** Replaces a draft; empty when there is no such activity; {@link IllegalStateException} once published. */
    public Optional<Activity> update(String appid, long id, ActivityDraft draft) {
        ActivityDraft d = named(appid, validate(draft));
        Optional<Activity> now = store.find(appid, id);
        if (now.isEmpty()) {
            return now;
        }
        if (!store.update(appid, id, d)) {
            throw new IllegalStateException(
                    "activity " + id + " is " + now.get().state() + ": only drafts are edited");
        }
        return store.find(appid, id);
    }

    /** DRAFT to PUBLISHED (once); {@link IllegalStateException} from another state. */
    public Optional<Activity> publish(String appid, long id) {
        return move(appid, id, ActivityState.DRAFT, ActivityState.PUBLISHED);
    }

    /** PUBLISHED to ENDED: no more draws. */
    public Optional<Activity> end(String appid, long id) {
        return move(appid, id, ActivityState.PUBLISHED, ActivityState.ENDED);
    }

    private Optional<Activity> move(String appid, long id, ActivityState from, ActivityState to) {
        Optional<Activity> now = store.find(appid, id);
        if (now.isEmpty()) {
            return now;
        }
        if (!store.move(appid, id, from, to)) {
            throw new IllegalStateException(
                    "activity " + id + " is " + now.get().state() + ": only a " + from + " one can become " + to);
        }
        return store.find(appid, id);
    }

    /** The account's WeChat user tags (what a TAG audience can be for). */
    public List<UserTag> tags(String appid) throws WeChatApiException {
        return tagAudiences.accountTags(appid);
    }

    /** The draft with its tag's name from WeChat (a TAG audience), or as it is. */
    private ActivityDraft named(String appid, ActivityDraft d) {
        if (d.audience() != Audience.TAG) {
            return d;
        }
        try {
            return d.withTag(tag(tagAudiences.accountTags(appid), d.tag().id()));
        } catch (WeChatApiException e) {
            throw new TagsUnavailableException(e);
        }
    }

    /** The tag {@code id} among the account's tags; {@link IllegalArgumentException} when there is none. */
    static AudienceTag tag(List<UserTag> tags, long id) {
        return tags.stream()
                .filter(t -> t.id() == id)
                .findFirst()
                .map(t -> new AudienceTag(t.id(), t.name()))
                .orElseThrow(() -> new IllegalArgumentException(
                        "tagId: the account has no WeChat tag " + id + " (GET .../activities/tags lists them)"));
    }

    /** Whether {@code openid} belongs to the activity's audience, as far as it can be known now. */
    public Membership membership(Activity a, String openid) {
        return switch (a.audience()) {
            case ALL -> Membership.IN;
            case BOUND -> bindings.phoneOf(a.appid(), openid).isPresent() ? Membership.IN : Membership.OUT;
            case TAG -> tagAudiences.carries(a.appid(), openid, a.tag().id());
        };
    }

    /** Whether {@code openid} is known to belong to the activity's audience. */
    public boolean inAudience(Activity a, String openid) {
        return membership(a, openid) == Membership.IN;
    }

    /** The subscriber's participation, if any. */
    public Optional<Participation> participation(Activity a, String openid) {
        return store.participation(a.id(), openid);
    }

    /** A subscriber opened a module that does not draw: recorded once, when open and in the audience. */
    public void visited(Activity a, String openid) {
        if (!a.module().draws() && a.phase(Instant.now()) == Activity.Phase.OPEN && inAudience(a, openid)) {
            store.visit(a, openid, bindings.phoneOf(a.appid(), openid).orElse(null));
        }
    }

    /** The one draw of {@code openid} in {@code a}; a repeated draw answers the first one's outcome. */
    public DrawResult draw(Activity a, String openid) {
        if (!a.module().draws()) {
            return new DrawResult(DrawResult.Outcome.NO_DRAW, null, false, "本活动不抽奖。");
        }
        Activity.Phase phase = a.phase(Instant.now());
        if (phase != Activity.Phase.OPEN) {
            return new DrawResult(DrawResult.Outcome.CLOSED, null, false, ActivityTexts.closed(phase));
        }
        Optional<String> phone = bindings.phoneOf(a.appid(), openid);
        Membership member = a.audience() == Audience.BOUND
                ? (phone.isPresent() ? Membership.IN : Membership.OUT)
                : membership(a, openid);
        if (member == Membership.OUT) {
            return new DrawResult(DrawResult.Outcome.NOT_IN_AUDIENCE, null, false, ActivityTexts.notInAudience(a));
        }
        if (member == Membership.UNKNOWN) {
            return new DrawResult(DrawResult.Outcome.TRY_LATER, null, false, ActivityTexts.TRY_LATER);
        }
        Optional<Participation> before = store.participation(a.id(), openid);
        if (before.isPresent()) {
            return again(before.get());
        }
        Optional<Prize> landed = land(a.prizes(), RANDOM.nextInt(BASIS));
        try {
            Participation p = store.draw(
                    a,
                    openid,
                    phone.orElse(null),
                    landed.map(Prize::id).orElse(null),
                    landed.map(Prize::name).orElse(null));
            return new DrawResult(DrawResult.Outcome.DRAWN, p, true, ActivityTexts.outcome(p));
        } catch (RuntimeException e) {
            // the same subscriber's other draw won the race (rolled back here), or the database refused
            Optional<Participation> first = store.participation(a.id(), openid);
            if (first.isPresent()) {
                return again(first.get());
            }
            LOG.warning("draw of activity " + a.id() + " failed: " + e);
            throw e;
        }
    }

    private static DrawResult again(Participation p) {
        return new DrawResult(DrawResult.Outcome.DRAWN, p, false, "您已参加过本活动：" + ActivityTexts.outcome(p));
    }

    /** The prize a draw {@code r} in [0, 10,000) lands on, walking the prizes' chances in order. */
    static Optional<Prize> land(List<Prize> prizes, int r) {
        int edge = 0;
        for (Prize p : prizes) {
            edge += p.chanceBp();
            if (r < edge) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The records of a subscriber, by openid or by phone (any spelling of the number). */
    public List<Participation> records(String appid, String openid, String phone, int limit) {
        if (openid != null && !openid.isBlank()) {
            return store.byOpenid(appid, openid.strip(), limit);
        }
        String canonical = Phones.normalize(phone == null ? "" : phone)
                .orElseThrow(() -> new IllegalArgumentException("phone: an 11-digit mobile number"));
        return store.byPhone(appid, canonical, limit);
    }

    /** The newest records of one activity. */
    public List<Participation> records(long activityId, int limit) {
        return store.ofActivity(activityId, limit);
    }

    /** The checked, trimmed draft; {@link IllegalArgumentException} naming the first bad field. */
    public static ActivityDraft validate(ActivityDraft d) {
        if (d == null) {
            throw new IllegalArgumentException("a JSON object is expected");
        }
        String title = d.title() == null ? "" : d.title().strip();
        if (title.isEmpty() || title.length() > MAX_TITLE) {
            throw new IllegalArgumentException("title: 1 to " + MAX_TITLE + " characters");
        }
        String body = d.body() == null ? "" : d.body().strip();
        if (body.length() > MAX_BODY) {
            throw new IllegalArgumentException("body: at most " + MAX_BODY + " characters");
        }
        List<String> images = d.images() == null ? List.of() : d.images();
        if (images.size() > MAX_IMAGES) {
            throw new IllegalArgumentException("images: at most " + MAX_IMAGES);
        }
        for (int i = 0; i < images.size(); i++) {
            if (!imageUrl(images.get(i))) {
                throw new IllegalArgumentException("images[" + i + "]: an http(s) address of an uploaded image");
            }
        }
        if (d.module() == null) {
            throw new IllegalArgumentException("module: one of LOTTERY, SHAKE, REDPACKET_SQUARE");
        }
        if (d.audience() == null) {
            throw new IllegalArgumentException("audience: one of ALL, BOUND, TAG");
        }
        if (d.audience() == Audience.TAG && d.tag() == null) {
            throw new IllegalArgumentException(
                    "tagId: a TAG audience needs the id of one of the account's WeChat tags (GET .../activities/tags)");
        }
        if (d.audience() == Audience.TAG && (d.tag().id() < 0 || d.tag().id() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("tagId: a WeChat tag id (a whole number, 0 or more)");
        }
        if (d.audience() != Audience.TAG && d.tag() != null) {
            throw new IllegalArgumentException("tagId: only for the audience TAG");
        }
        if (d.startsAt() == null || d.endsAt() == null) {
            throw new IllegalArgumentException("startsAt, endsAt: both are needed (ISO-8601 instants)");
        }
        if (!d.endsAt().isAfter(d.startsAt())) {
            throw new IllegalArgumentException("endsAt: must be after startsAt");
        }
        if (Duration.between(d.startsAt(), d.endsAt()).compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("endsAt: an activity lasts at most 366 days");
        }
        List<PrizeDraft> prizes = d.prizes() == null ? List.of() : d.prizes();
        if (!d.module().draws() && !prizes.isEmpty()) {
            throw new IllegalArgumentException("prizes: " + d.module() + " does not draw, it has no prizes");
        }
        if (prizes.size() > MAX_PRIZES) {
            throw new IllegalArgumentException("prizes: at most " + MAX_PRIZES);
        }
        int total = 0;
        List<PrizeDraft> clean = new java.util.ArrayList<>();
        for (int i = 0; i < prizes.size(); i++) {
            PrizeDraft p = prizes.get(i);
            String name = p == null || p.name() == null ? "" : p.name().strip();
            if (name.isEmpty() || name.length() > 32) {
                throw new IllegalArgumentException("prizes[" + i + "].name: 1 to 32 characters");
            }
            if (p.stock() < 0 || p.stock() > 1_000_000) {
                throw new IllegalArgumentException("prizes[" + i + "].stock: 0 to 1,000,000");
            }
            if (p.chanceBp() < 0 || p.chanceBp() > BASIS) {
                throw new IllegalArgumentException("prizes[" + i + "].chanceBp: 0 to 10,000 (basis points)");
            }
            total += p.chanceBp();
            clean.add(new PrizeDraft(name, p.stock(), p.chanceBp()));
        }
        if (total > BASIS) {
            throw new IllegalArgumentException("prizes: the chances add up to " + total + " basis points, over 10,000");
        }
        return new ActivityDraft(
                title,
                body,
                List.copyOf(images),
                d.module(),
                d.audience(),
                d.tag(),
                d.startsAt(),
                d.endsAt(),
                List.copyOf(clean));
    }

    private static boolean imageUrl(String s) {
        if (s == null || s.length() > 1024) {
            return false;
        }
        try {
            URI u = URI.create(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
