package org.wxplatform.customerservice;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wxplatform.customerservice.domain.AutoReplyAccount;
import org.wxplatform.customerservice.domain.AutoReplyKeyword;
import org.wxplatform.customerservice.domain.AutoReplyMatcher;
import org.wxplatform.customerservice.domain.Trigger;
import org.wxplatform.customerservice.infra.AutoReplyChanged;
import org.wxplatform.customerservice.infra.AutoReplyVersions;
import org.wxplatform.customerservice.infra.SnapshotCache;
import org.wxplatform.message.xml.NewsReply;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.platform.config.Settings;

/**
 * The keyword auto-reply (SPEC §4.1) and the one write path for its data: per official account, keyword
 * entries with their reply contents, the welcome message for new subscribers, and the hint sent when no
 * keyword matches (SPEC §4.2).
 *
 * <p>Answering ({@link #answer}, {@link #welcomeReply}, {@link #missHint}) runs on every callback and
 * never waits for the database on the hot path: each node keeps the account's non-hidden entries in
 * memory, built once per change into an {@link AutoReplyMatcher}. Every write stores a new version stamp
 * in Redis ({@code wxp:cs:autoreply:ver:{appid}}) after its commit; nodes check the stamp at most once a
 * second per account and reload when it changed, so a write is answered everywhere within about a
 * second, and at once on the node that made it.
 *
 * <p>Writes check their input and throw {@link IllegalArgumentException} naming the field; the appid is
 * taken as given (the caller makes sure the account exists).
 */
@ApplicationScoped
public class AutoReplyService {

    /** Longest keyword, in characters. */
    public static final int KEYWORD_MAX = 60;
    /** Longest text content or miss hint, in characters. */
    public static final int TEXT_MAX = 2048;
    /** Most contents per entry (and for the welcome message). */
    public static final int CONTENTS_MAX = 10;
    /** Most articles per news content (WeChat's limit). */
    public static final int ARTICLES_MAX = NewsReply.MAX_ARTICLES;
    /** The miss hint when neither the account nor {@code WXP_MISS_HINT} sets one. */
    public static final String DEFAULT_MISS_HINT = "没有找到相关内容。回复「人工」联系人工客服。";

    static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final Logger LOG = Logger.getLogger(AutoReplyService.class.getName());

    /** What answers for one account on this node. */
    record Snapshot(AutoReplyMatcher matcher, List<Reply> welcome, String missHint) {}

    @PersistenceContext(unitName = "wxp")
    EntityManager em;

    @Inject
    AutoReplyVersions versions;

    @Inject
    Event<AutoReplyChanged> changed;

    private SnapshotCache<Snapshot> cache;
    private String defaultMissHint;

    @PostConstruct
    void init() {
        defaultMissHint = Settings.get("WXP_MISS_HINT", DEFAULT_MISS_HINT);
        cache = new SnapshotCache<>(
                versions::read, this::loadSnapshot, System::nanoTime, CHECK_INTERVAL_NANOS, MAX_AGE_NANOS);
    }

    // ---- answering (every text and subscribe callback) ----

    /**
     * The auto-reply to a subscriber's text: one matching non-hidden entry chosen at random, and one of its
     * contents at random; empty when nothing matches.
     */
    public Optional<Reply> answer(String appid, String text) {
        if (text == null) {
            return Optional.empty();
        }
        return cache.get(appid).matcher().answer(text, ThreadLocalRandom.current());
    }

    /** The welcome message for a new subscriber (one of its contents at random); empty when none is set. */
    public Optional<Reply> welcomeReply(String appid) {
        List<Reply> welcome = cache.get(appid).welcome();
        return welcome.isEmpty()
                ? Optional.empty()
                : Optional.of(welcome.get(ThreadLocalRandom.current().nextInt(welcome.size())));
    }

    /**
     * The text sent when no keyword matched, prompting the subscriber to ask for a human agent: the
     * account's own hint, else {@code WXP_MISS_HINT}, else {@link #DEFAULT_MISS_HINT}.
     */
    public String missHint(String appid) {
        return cache.get(appid).missHint();
    }

    // ---- entries ----

    /** The account's entries, hidden ones included, oldest first. */
    public List<AutoReplyEntry> list(String appid) {
        return em.createQuery(
                        "select distinct k from AutoReplyKeyword k left join fetch k.contents"
                                + " where k.appid = :appid and k.trigger <> :welcome order by k.id",
                        AutoReplyKeyword.class)
                .setParameter("appid", appid)
                .setParameter("welcome", Trigger.SUBSCRIBE)
                .getResultStream()
                .map(AutoReplyService::entry)
                .toList();
    }

    /**
     * One page of the account's entries, oldest first, after the entry {@code afterId} (0: from the first),
     * whose keyword contains {@code query} (null: all); at most {@code limit}.
     */
    public List<AutoReplyEntry> page(String appid, String query, long afterId, int limit) {
        boolean filtered = query != null && !query.isBlank();
        var ids = em.createQuery(
                        "select k.id from AutoReplyKeyword k where k.appid = :appid and k.trigger <> :welcome"
                                + " and k.id > :after" + (filtered ? " and k.keyword like :q escape '!'" : "")
                                + " order by k.id",
                        Long.class)
                .setParameter("appid", appid)
                .setParameter("welcome", Trigger.SUBSCRIBE)
                .setParameter("after", afterId)
                .setMaxResults(limit);
        if (filtered) {
            ids.setParameter(
                    "q",
                    "%" + query.strip().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        List<Long> page = ids.getResultList();
        if (page.isEmpty()) {
            return List.of();
        }
        return em.createQuery(
                        "select distinct k from AutoReplyKeyword k left join fetch k.contents where k.id in :ids"
                                + " order by k.id",
                        AutoReplyKeyword.class)
                .setParameter("ids", page)
                .getResultStream()
                .map(AutoReplyService::entry)
                .toList();
    }

    /** One entry of the account; empty when there is none with that id in this account. */
    public Optional<AutoReplyEntry> find(String appid, long id) {
        return em.createQuery(
                        "select k from AutoReplyKeyword k left join fetch k.contents"
                                + " where k.id = :id and k.appid = :appid and k.trigger <> :welcome",
                        AutoReplyKeyword.class)
                .setParameter("id", id)
                .setParameter("appid", appid)
                .setParameter("welcome", Trigger.SUBSCRIBE)
                .getResultStream()
                .findFirst()
                .map(AutoReplyService::entry);
    }

    /**
     * Creates a visible entry.
     *
     * @throws IllegalArgumentException naming the field when the draft is incomplete or malformed
     */
    @Transactional
    public AutoReplyEntry create(String appid, AutoReplyDraft draft) {
        checkAppid(appid);
        Drafts.Checked checked = Drafts.entry(draft);
        AutoReplyKeyword row =
                new AutoReplyKeyword(appid, checked.keyword(), Trigger.of(checked.match()), checked.contents());
        em.persist(row);
        em.flush();
        changed.fire(new AutoReplyChanged(appid));
        return entry(row);
    }

    /**
     * Replaces keyword, match and contents of an entry; its hidden flag stays as it is.
     *
     * @return empty when the account has no such entry
     * @throws IllegalArgumentException naming the field when the draft is incomplete or malformed
     */
    @Transactional
    public Optional<AutoReplyEntry> update(String appid, long id, AutoReplyDraft draft) {
        Optional<AutoReplyKeyword> row = owned(appid, id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Drafts.Checked checked = Drafts.entry(draft);
        row.get().replace(checked.keyword(), Trigger.of(checked.match()), checked.contents());
        em.flush();
        changed.fire(new AutoReplyChanged(appid));
        return row.map(AutoReplyService::entry);
    }

    /** Deletes an entry with its contents; false when the account has no such entry. */
    @Transactional
    public boolean delete(String appid, long id) {
        Optional<AutoReplyKeyword> row = owned(appid, id);
        row.ifPresent(r -> {
            em.remove(r);
            changed.fire(new AutoReplyChanged(appid));
        });
        return row.isPresent();
    }

    /**
     * Hides an entry (it stays listed but never answers) or shows it again.
     *
     * @return the entry as it is now; empty when the account has no such entry
     */
    @Transactional
    public Optional<AutoReplyEntry> setHidden(String appid, long id, boolean hidden) {
        Optional<AutoReplyKeyword> row = owned(appid, id);
        if (row.isPresent() && row.get().setHidden(hidden)) {
            changed.fire(new AutoReplyChanged(appid));
        }
        return row.map(AutoReplyService::entry);
    }

    /**
     * Hides or shows every entry of the account at once (the welcome message is not an entry and stays).
     *
     * @return how many entries changed
     */
    @Transactional
    public int setAllHidden(String appid, boolean hidden) {
        checkAppid(appid);
        int count = em.createQuery("update AutoReplyKeyword k set k.hidden = :hidden, k.updatedAt = :now"
                        + " where k.appid = :appid and k.trigger <> :welcome and k.hidden <> :hidden")
                .setParameter("hidden", hidden)
                .setParameter("now", Instant.now())
                .setParameter("appid", appid)
                .setParameter("welcome", Trigger.SUBSCRIBE)
                .executeUpdate();
        if (count > 0) {
            changed.fire(new AutoReplyChanged(appid));
        }
        return count;
    }

    // ---- welcome message ----

    /** The contents of the account's welcome message; empty when none is set. */
    public List<ReplyContent> welcome(String appid) {
        return em.createQuery(
                        "select k from AutoReplyKeyword k left join fetch k.contents"
                                + " where k.appid = :appid and k.trigger = :welcome",
                        AutoReplyKeyword.class)
                .setParameter("appid", appid)
                .setParameter("welcome", Trigger.SUBSCRIBE)
                .getResultStream()
                .findFirst()
                .map(AutoReplyKeyword::contents)
                .orElse(List.of());
    }

    /**
     * Sets the welcome message: one of the contents is sent, at random, to each new subscriber. An empty
     * list removes it (new subscribers then get no message).
     *
     * @return the contents as stored
     * @throws IllegalArgumentException naming the field when a content is malformed
     */
    @Transactional
    public List<ReplyContent> setWelcome(String appid, List<AutoReplyDraft.Content> contents) {
        checkAppid(appid);
        List<ReplyContent> checked = Drafts.contents(contents, 0);
        lockAccount(appid).touch();
        Optional<AutoReplyKeyword> row = em.createQuery(
                        "select k from AutoReplyKeyword k where k.appid = :appid and k.trigger = :welcome",
                        AutoReplyKeyword.class)
                .setParameter("appid", appid)
                .setParameter("welcome", Trigger.SUBSCRIBE)
                .getResultStream()
                .findFirst();
        if (checked.isEmpty()) {
            row.ifPresent(em::remove);
        } else if (row.isPresent()) {
            row.get().replace("", Trigger.SUBSCRIBE, checked);
        } else {
            em.persist(new AutoReplyKeyword(appid, "", Trigger.SUBSCRIBE, checked));
        }
        em.flush();
        changed.fire(new AutoReplyChanged(appid));
        return checked;
    }

    // ---- miss hint ----

    /** The account's own miss hint; empty when it uses the default. */
    public Optional<String> customMissHint(String appid) {
        AutoReplyAccount account = em.find(AutoReplyAccount.class, appid);
        return Optional.ofNullable(account == null ? null : account.getMissHint());
    }

    /**
     * Sets the account's miss hint; null or blank goes back to the default.
     *
     * @return the hint now in force
     * @throws IllegalArgumentException naming the field {@code text} when it is too long
     */
    @Transactional
    public String setMissHint(String appid, String text) {
        checkAppid(appid);
        String hint = text == null || text.isBlank() ? null : Drafts.text("text", text);
        lockAccount(appid).setMissHint(hint);
        changed.fire(new AutoReplyChanged(appid));
        return hint == null ? defaultMissHint : hint;
    }

    // ---- internals ----

    /** Publishes a committed change: this node at once, the others through the version stamp. */
    void published(@Observes(during = TransactionPhase.AFTER_SUCCESS) AutoReplyChanged event) {
        cache.invalidate(event.appid());
        try {
            versions.bump(event.appid());
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "auto-reply version of " + event.appid() + " not stored; other nodes catch up within "
                            + TimeUnit.NANOSECONDS.toSeconds(MAX_AGE_NANOS) + " s",
                    e);
        }
    }

    /** Everything the account answers with, from the database (called by the cache on a change). */
    Snapshot loadSnapshot(String appid) {
        List<AutoReplyKeyword> rows = em.createQuery(
                        "select distinct k from AutoReplyKeyword k left join fetch k.contents"
                                + " where k.appid = :appid and k.hidden = false order by k.id",
                        AutoReplyKeyword.class)
                .setParameter("appid", appid)
                .getResultList();
        List<AutoReplyMatcher.Rule> rules = new ArrayList<>(rows.size());
        List<Reply> welcome = List.of();
        for (AutoReplyKeyword row : rows) {
            List<Reply> replies =
                    row.contents().stream().map(ReplyContent::toReply).toList();
            if (row.getTrigger() == Trigger.SUBSCRIBE) {
                welcome = replies;
            } else {
                rules.add(new AutoReplyMatcher.Rule(
                        row.getId(), row.getKeyword(), row.getTrigger().match(), false, replies));
            }
        }
        String hint = customMissHint(appid).orElse(defaultMissHint);
        return new Snapshot(new AutoReplyMatcher(rules), welcome, hint);
    }

    private Optional<AutoReplyKeyword> owned(String appid, long id) {
        AutoReplyKeyword row = em.find(AutoReplyKeyword.class, id);
        return row != null && row.getAppid().equals(appid) && row.getTrigger() != Trigger.SUBSCRIBE
                ? Optional.of(row)
                : Optional.empty();
    }

    /** The account's settings row, created when missing and locked until the transaction ends. */
    private AutoReplyAccount lockAccount(String appid) {
        em.createNativeQuery("INSERT INTO cs_autoreply_account (appid, updated_at) VALUES (?1, UTC_TIMESTAMP())"
                        + " ON DUPLICATE KEY UPDATE appid = appid")
                .setParameter(1, appid)
                .executeUpdate();
        return em.find(AutoReplyAccount.class, appid, LockModeType.PESSIMISTIC_WRITE);
    }

    private static void checkAppid(String appid) {
        if (appid == null || appid.isBlank() || appid.length() > 32) {
            throw new IllegalArgumentException("appid must be 1 to 32 characters");
        }
    }

    private static AutoReplyEntry entry(AutoReplyKeyword row) {
        return new AutoReplyEntry(
                row.getId(),
                row.getAppid(),
                row.getKeyword(),
                row.getTrigger().match(),
                row.isHidden(),
                row.contents(),
                row.getCreatedAt(),
                row.getUpdatedAt());
    }
}
