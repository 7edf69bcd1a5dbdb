package org.wxplatform.redpacket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * The door in front of the database for grabs (seed 002). It never decides a grab, it only keeps the
 * database's work small:
 *
 * <ul>
 *   <li>Slots: at most {@code WXP_REDPACKET_DB_SLOTS} grabs of the whole cluster are in the database at
 *       once. A slot is a lease in a Redis sorted set (taken by one Lua script), so a node that dies
 *       holding slots loses them after {@code LEASE_MILLIS}, never for good. No slot: the grab is
 *       answered BUSY at once and nothing is taken.
 *   <li>One packet at a time per node: a striped lock by packet id, so the grabs of one packet reach the
 *       packet's row one by one (the row lock serialises the nodes; routing by packet keeps a packet's
 *       grabs on one node).
 *   <li>Answers from memory: who got what ({@code got} hash, written after each commit) and a packet's
 *       resolution ({@code closed}, written only after the hash was filled from the database), so grabs of
 *       an emptied or refunded packet, and repeated grabs, never reach the database.
 * </ul>
 *
 * Without Redis every grab goes to the database, which decides alone (slower, never wrong).
 */
@ApplicationScoped
public class GrabGate {

    private static final Logger LOG = Logger.getLogger(GrabGate.class.getName());
    static final String SLOTS = "wxp:rp:slots";
    static final long LEASE_MILLIS = 5_000;
    static final int KEEP_SECONDS = 3 * 24 * 3600;

    private static final String TAKE = "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])\n"
            + "if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then\n"
            + "  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])\n"
            + "  redis.call('PEXPIRE', KEYS[1], 60000)\n"
            + "  return 1\n"
            + "end\n"
            + "return 0";

    private final int slots = Math.max(1, Settings.getInt("WXP_REDPACKET_DB_SLOTS", 24));
    private final long lockWaitMillis = Settings.getInt("WXP_REDPACKET_LOCK_WAIT_MS", 1500);
    private final ReentrantLock[] stripes = new ReentrantLock[256];

    @Inject
    JedisPool redis;

    public GrabGate() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock(true);
        }
    }

    /** A slot's lease; {@link #release()} gives it back (also when Redis was down and none was taken). */
    public final class Slot implements AutoCloseable {
        private final String id;

        Slot(String id) {
            this.id = id;
        }

        public void release() {
            if (id == null) {
                return;
            }
            try (Jedis j = redis.getResource()) {
                j.zrem(SLOTS, id);
            } catch (RuntimeException e) {
                // the lease expires by itself
            }
        }

        @Override
        public void close() {
            release();
        }
    }

    /** A slot, or empty when the database already has its share of grabs (answer BUSY). */
    public Optional<Slot> enter() {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        try (Jedis j = redis.getResource()) {
            Object r = j.eval(
                    TAKE,
                    List.of(SLOTS),
                    List.of(Long.toString(now), Long.toString(now + LEASE_MILLIS), Integer.toString(slots), id));
            return r instanceof Long l && l == 1L ? Optional.of(new Slot(id)) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.fine("grab slots without Redis: " + e.getMessage());
            return Optional.of(new Slot(null));
        }
    }

    /** The lock of a packet's stripe on this node, or null when it was not free within the wait. */
    public ReentrantLock lock(long packetId) {
        ReentrantLock l = stripes[(int) Math.floorMod(packetId * 0x9E3779B97F4A7C15L >>> 32, (long) stripes.length)];
        try {
            return l.tryLock(lockWaitMillis, TimeUnit.MILLISECONDS) ? l : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * What Redis knows of a grab, in one round trip: what {@code openid} got (null if unknown) and the
     * packet's resolution (E or R, null if open or unknown; once set, {@code got} knows every grabber).
     */
    public record Known(Integer got, Character closed) {
        static final Known NOTHING = new Known(null, null);
    }

    public Known known(String appid, long packetId, String openid) {
        try (Jedis j = redis.getResource()) {
            Pipeline p = j.pipelined();
            Response<String> got = p.hget(gotKey(appid, packetId), openid);
            Response<String> closed = p.get(closedKey(appid, packetId));
            p.sync();
            String g = got.get();
            String c = closed.get();
            return new Known(g == null ? null : Integer.valueOf(g), c == null || c.isEmpty() ? null : c.charAt(0));
        } catch (RuntimeException e) {
            return Known.NOTHING;
        }
    }

    void remember(String appid, long packetId, String openid, int amount) {
        try (Jedis j = redis.getResource()) {
            Pipeline p = j.pipelined();
            p.hset(gotKey(appid, packetId), openid, Integer.toString(amount));
            p.expire(gotKey(appid, packetId), KEEP_SECONDS);
            p.sync();
        } catch (RuntimeException e) {
            // the database answers
        }
    }

    /** Marks the packet resolved once every grabber is in the hash (all of them, read after the resolving commit). */
    void close(String appid, long packetId, char state, Map<String, String> grabbers) {
        try (Jedis j = redis.getResource()) {
            if (!grabbers.isEmpty()) {
                j.hset(gotKey(appid, packetId), grabbers);
                j.expire(gotKey(appid, packetId), KEEP_SECONDS);
            }
            j.set(
                    closedKey(appid, packetId),
                    Character.toString(state),
                    SetParams.setParams().ex(KEEP_SECONDS));
        } catch (RuntimeException e) {
            // the database answers
        }
    }

    private static String gotKey(String appid, long packetId) {
        return "wxp:rp:got:" + appid + ":" + packetId;
    }

    private static String closedKey(String appid, long packetId) {
        return "wxp:rp:closed:" + appid + ":" + packetId;
    }
}
