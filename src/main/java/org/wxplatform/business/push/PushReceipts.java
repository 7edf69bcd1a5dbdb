package org.wxplatform.business.push;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wxplatform.message.InboundReceived;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.platform.NodeHeartbeat;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * WeChat's TEMPLATESENDJOBFINISH receipts, at callback speed: the callback only appends the receipt to the
 * Redis stream {@value #STREAM} (one XADD inside the exactly-once section, so a retried callback adds
 * nothing), and a drainer on every node reads it in a consumer group and applies batches of up to
 * {@code WXP_PUSH_RECEIPT_BATCH} (500) in one transaction ({@link PushStore#applyReceipts}), acknowledged
 * after the commit. A node killed mid-batch leaves its entries pending; another drainer claims them after
 * 15 s and applies them again, which changes nothing (a target takes its first receipt only).
 *
 * <p>A receipt is matched by its MsgID (19 digits, kept as an unsigned BIGINT); one whose send got msgid 0
 * or none (or whose outcome was in doubt) by openid, account and the time window {@code
 * WXP_PUSH_RECEIPT_WINDOW_SECONDS} (3600) before its CreateTime. A receipt that matches nothing is logged and
 * counted under {@code wxp:push:receipts:unknown}, never an error. Every Status is kept as WeChat wrote it
 * ({@code success}, {@code failed:user block}, {@code failed: system failed}, {@code failed:freq limit} ...).
 */
@ApplicationScoped
public class PushReceipts {

    static final String STREAM = "wxp:push:receipts";
    static final String GROUP = "push";
    static final String UNKNOWN = "wxp:push:receipts:unknown";
    private static final Logger LOG = Logger.getLogger(PushReceipts.class.getName());

    @Inject
    JedisPool jedisPool;

    @Inject
    PushStore store;

    @Resource
    ManagedThreadFactory threads;

    private final int batch = Math.max(1, Settings.getInt("WXP_PUSH_RECEIPT_BATCH", 500));
    private final long windowMs = 1000L * Settings.getInt("WXP_PUSH_RECEIPT_WINDOW_SECONDS", 3600);
    private final String consumer = NodeHeartbeat.INSTANCE;
    private volatile boolean running;
    private volatile Thread drainer;
    private volatile boolean groupMade;
    private long nextClaim;

    /** Appends a receipt to the stream (the callback's whole share of the work). */
    void onReceived(@Observes InboundReceived received) {
        if (!(received.message() instanceof InboundMessage.TemplateSendJobFinish r)) {
            return;
        }
        try (Jedis jedis = jedisPool.getResource()) {
            jedis.xadd(
                    STREAM,
                    XAddParams.xAddParams(),
                    Map.of(
                            "appid", received.appid(),
                            "openid", r.fromUserName(),
                            "msgid", r.msgId(),
                            "status", r.status(),
                            "time", Long.toString(r.createTime())));
        }
    }

    void onStart(@Observes PlatformStarted started) {
        running = true;
        Thread t = threads.newThread(this::drain);
        t.setName("wxp-push-receipts");
        t.setDaemon(true);
        drainer = t;
        t.start();
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        running = false;
        Thread t = drainer;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drain() {
        while (running) {
            try {
                List<StreamEntry> entries = next();
                if (!entries.isEmpty() && !apply(entries)) {
                    sleep(1000);
                }
            } catch (JedisException e) {
                groupMade = false;
                sleep(1000);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "push receipts: drain failed, retrying", e);
                sleep(1000);
            }
        }
    }

    private List<StreamEntry> next() {
        try (Jedis jedis = jedisPool.getResource()) {
            if (!groupMade) {
                try {
                    jedis.xgroupCreate(STREAM, GROUP, new StreamEntryID(0, 0), true);
                } catch (JedisDataException e) {
                    if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                        throw e;
                    }
                }
                groupMade = true;
            }
            long now = System.currentTimeMillis();
            if (now >= nextClaim) {
                nextClaim = now + 5000;
                Map.Entry<StreamEntryID, List<StreamEntry>> claimed = jedis.xautoclaim(
                        STREAM, GROUP, consumer, 15_000, new StreamEntryID(0, 0), new XAutoClaimParams().count(batch));
                List<StreamEntry> stale = present(claimed.getValue());
                if (!stale.isEmpty()) {
                    return stale;
                }
            }
            List<Map.Entry<String, List<StreamEntry>>> read = jedis.xreadGroup(
                    GROUP,
                    consumer,
                    XReadGroupParams.xReadGroupParams().count(batch).block(1000),
                    Map.of(STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            if (read == null || read.isEmpty()) {
                return List.of();
            }
            return present(read.get(0).getValue());
        }
    }

    private static List<StreamEntry> present(List<StreamEntry> entries) {
        List<StreamEntry> out = new ArrayList<>(entries.size());
        for (StreamEntry e : entries) {
            if (e != null && e.getFields() != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Applies and acknowledges the entries; false (nothing acknowledged) when the database failed. */
    boolean apply(List<StreamEntry> entries) {
        List<PushStore.Receipt> receipts = new ArrayList<>(entries.size());
        for (StreamEntry e : entries) {
            Map<String, String> f = e.getFields();
            try {
                receipts.add(new PushStore.Receipt(
                        f.get("appid"),
                        f.get("openid"),
                        Long.parseUnsignedLong(f.get("msgid")),
                        f.get("status"),
                        Long.parseLong(f.get("time")) * 1000,
                        Integer.parseInt(f.getOrDefault("tries", "0"))));
            } catch (RuntimeException bad) {
                LOG.warning("push receipt " + e.getID() + " dropped: " + f);
            }
        }
        List<PushStore.Receipt> unmatched;
        try {
            unmatched = store.applyReceipts(receipts, windowMs);
        } catch (SQLException e) {
            LOG.warning("push receipts: batch of " + receipts.size() + " not applied (kept): " + e.getMessage());
            return false;
        }
        int unknown = 0;
        try (Jedis jedis = jedisPool.getResource()) {
            for (PushStore.Receipt r : unmatched) {
                if (r.tries() < 3) {
                    // once more, after the batch: a send's answer may have been committed meanwhile
                    jedis.xadd(
                            STREAM,
                            XAddParams.xAddParams(),
                            Map.of(
                                    "appid", r.appid(),
                                    "openid", r.openid(),
                                    "msgid", Long.toUnsignedString(r.msgId()),
                                    "status", r.status(),
                                    "time", Long.toString(r.createMs() / 1000),
                                    "tries", Integer.toString(r.tries() + 1)));
                } else {
                    unknown++;
                    LOG.info("push receipt of msgid " + Long.toUnsignedString(r.msgId()) + " (" + r.status()
                            + ") matched no send: unknown");
                }
            }
            StreamEntryID[] ids = entries.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new);
            jedis.xack(STREAM, GROUP, ids);
            jedis.xdel(STREAM, ids);
            if (unknown > 0) {
                jedis.incrBy(UNKNOWN, unknown);
            }
        }
        if (!unmatched.isEmpty()) {
            sleep(200); // the retried ones come back after the senders' commits
        }
        return true;
    }

    /** Receipts waiting in the stream (read or not). */
    long backlog() {
        try (Jedis jedis = jedisPool.getResource()) {
            return jedis.exists(STREAM) ? jedis.xlen(STREAM) : 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
