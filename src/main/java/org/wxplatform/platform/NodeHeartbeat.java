package org.wxplatform.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Tells the other nodes this one is alive: every {@code WXP_NODE_BEAT_MS} (500) it sets {@code
 * wxp:node:live:{instance}} for {@code WXP_NODE_LIVE_MS} (2000). The instance is the node name and a
 * random part drawn at start, so a node that restarts under the same name is a new instance. Work
 * claimed by an instance whose key has expired (a node killed mid-work) may be taken over by another
 * node (see {@code MessageReceipts}).
 */
@ApplicationScoped
public class NodeHeartbeat {

    /** This node's instance: node name and a random part. */
    public static final String INSTANCE = PlatformLifecycle.nodeName() + "/" + randomPart();

    public static final String PREFIX = "wxp:node:live:";

    private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    JedisPool jedisPool;

    private final long beatMillis = Settings.getInt("WXP_NODE_BEAT_MS", 500);
    private final long liveMillis = Settings.getInt("WXP_NODE_LIVE_MS", 2000);
    private volatile ScheduledFuture<?> beats;
    private volatile boolean warned;

    void onStart(@Observes PlatformStarted started) {
        beat();
        beats = scheduler.scheduleAtFixedRate(this::beat, beatMillis, beatMillis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        ScheduledFuture<?> b = beats;
        if (b != null) {
            b.cancel(false);
        }
    }

    private void beat() {
        try (Jedis jedis = jedisPool.getResource()) {
            jedis.set(PREFIX + INSTANCE, "1", SetParams.setParams().px(liveMillis));
            warned = false;
        } catch (JedisException e) {
            if (!warned) {
                warned = true;
                LOG.warning("heartbeat not written (Redis): " + e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warning("heartbeat failed: " + e);
        }
    }

    private static String randomPart() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
