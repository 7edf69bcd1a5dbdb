package org.wxplatform.log.user;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wxplatform.platform.NodeHeartbeat;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.alert.Alerts;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The user log's write-behind: the callback appends its row to the Redis stream {@value #STREAM} (one
 * XADD, durable as Redis is: run it with {@code appendonly yes} and {@code appendfsync everysec}), and a
 * drainer on every node reads the stream in a consumer group and writes batches of up to
 * {@code WXP_USER_LOG_BATCH} (default 500) rows with {@link UserLogWriter}: one transaction per batch,
 * acknowledged (XACK, XDEL) only after the commit. A node killed mid-batch leaves its entries pending
 * under its consumer name; any drainer claims entries pending for over
 * {@code WXP_USER_LOG_CLAIM_IDLE_MS} (default 15 s) and writes them again, which doubles nothing
 * (idempotent by message key). A batch that fails is retried row by row, so one row the database
 * refuses for good (raised as an alert and dropped) cannot hold back the others; rows that fail for a
 * passing reason (the database is down) stay pending and are claimed again.
 */
@ApplicationScoped
public class UserLogStream {

    public static final String STREAM = "wxp:userlog";
    static final String GROUP = "userlog";

    private static final Logger LOG = Logger.getLogger(UserLogStream.class.getName());

    @Inject
    JedisPool jedisPool;

    @Inject
    UserLogWriter writer;

    @Inject
    Alerts alerts;

    @Resource
    ManagedThreadFactory threads;

    private final int batch = Settings.getInt("WXP_USER_LOG_BATCH", 500);
    private final long claimIdleMillis = Settings.getInt("WXP_USER_LOG_CLAIM_IDLE_MS", 15_000);
    private final String consumer = NodeHeartbeat.INSTANCE;

    private volatile boolean running;
    private volatile Thread drainer;
    private volatile boolean groupMade;
    private long nextClaim;

    /** Whether the callback path appends to the stream (default) instead of writing the row itself. */
    static boolean enabled() {
        return Settings.getBoolean("WXP_USER_LOG_WRITE_BEHIND", true);
    }

    /** Appends a row to the stream; a {@link JedisException} means it was not appended. */
    void append(UserLogRow row) {
        try (Jedis jedis = jedisPool.getResource()) {
            jedis.xadd(STREAM, XAddParams.xAddParams(), row.fields());
        }
    }

    void onStart(@Observes PlatformStarted started) {
        if (!enabled()) {
            return;
        }
        running = true;
        Thread t = threads.newThread(this::drain);
        t.setName("wxp-userlog-drain");
        t.setDaemon(true);
        drainer = t;
        t.start();
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        running = false;
        Thread t = drainer;
        if (t != null) {
            try {
                t.join(5000); // the current batch is written and acknowledged; a read in progress ends in 1 s
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drain() {
        boolean warned = false;
        while (running) {
            try {
                List<StreamEntry> entries = next();
                warned = false;
                if (!entries.isEmpty() && !write(entries)) {
                    pause(1000); // the database is failing: wait before the next batch rather than spin
                }
            } catch (JedisException e) {
                if (!warned) {
                    warned = true;
                    LOG.warning("user-log stream unavailable (Redis), retrying: " + e.getMessage());
                }
                groupMade = false;
                pause(1000);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "user-log drain failed, retrying", e);
                pause(1000);
            }
        }
    }

    /** Entries left pending by a node that stopped (now and then), else new entries (waits up to 1 s). */
    List<StreamEntry> next() {
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
                nextClaim = now + Math.max(1000, claimIdleMillis / 3);
                Map.Entry<StreamEntryID, List<StreamEntry>> claimed = jedis.xautoclaim(
                        STREAM,
                        GROUP,
                        consumer,
                        claimIdleMillis,
                        new StreamEntryID(0, 0),
                        new XAutoClaimParams().count(batch));
                List<StreamEntry> stale = present(claimed.getValue());
                if (!stale.isEmpty()) {
                    LOG.info(stale.size() + " user-log entries taken over from a drainer that stopped");
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

    /** XAUTOCLAIM answers entries deleted meanwhile as null: they were written and acknowledged. */
    private static List<StreamEntry> present(List<StreamEntry> entries) {
        List<StreamEntry> out = new ArrayList<>(entries.size());
        for (StreamEntry e : entries) {
            if (e != null && e.getFields() != null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Writes the entries and acknowledges those that are written (or can never be).
     *
     * @return false when some stay pending because the database failed for a passing reason
     */
    boolean write(List<StreamEntry> entries) {
        boolean allDone = true;
        List<UserLogRow> rows = new ArrayList<>(entries.size());
        List<StreamEntryID> done = new ArrayList<>(entries.size());
        List<StreamEntryID> ids = new ArrayList<>(entries.size());
        for (StreamEntry e : entries) {
            try {
                rows.add(UserLogRow.fromFields(e.getFields()));
                ids.add(e.getID());
            } catch (IllegalArgumentException bad) {
                LOG.warning("user-log entry " + e.getID() + " dropped: " + bad.getMessage());
                done.add(e.getID());
            }
        }
        try {
            writer.write(rows);
            done.addAll(ids);
        } catch (SQLException batchFailed) {
            LOG.warning(
                    "user-log batch of " + rows.size() + " not written, now row by row: " + batchFailed.getMessage());
            for (int i = 0; i < rows.size(); i++) {
                UserLogRow row = rows.get(i);
                try {
                    writer.write(List.of(row));
                    done.add(ids.get(i));
                } catch (SQLException e) {
                    if (e instanceof SQLNonTransientException && !(e instanceof SQLNonTransientConnectionException)) {
                        // the database refuses this row for good: keep the others flowing, tell the operators
                        alerts.raise(
                                "user-log-row",
                                row.appid() + "/" + row.msgKey(),
                                "user-log row refused by the database: " + e.getMessage(),
                                600);
                        done.add(ids.get(i));
                    } else {
                        // pending: claimed again after the idle time
                        allDone = false;
                        LOG.fine("user-log row " + row.msgKey() + " kept pending: " + e.getMessage());
                    }
                }
            }
        }
        if (!done.isEmpty()) {
            try (Jedis jedis = jedisPool.getResource()) {
                StreamEntryID[] acked = done.toArray(new StreamEntryID[0]);
                Pipeline p = jedis.pipelined();
                p.xack(STREAM, GROUP, acked);
                p.xdel(STREAM, acked);
                p.sync();
            }
        }
        return allDone;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
