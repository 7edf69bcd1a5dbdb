package org.wxplatform.customerservice.agent;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.wxplatform.platform.PlatformStarted;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The doorbell of the agents' pages across nodes: a change of a chat (a subscriber's message, a take, a
 * transfer, a delivery, a close) is published on one Redis channel; every node forwards what it hears
 * to the consoles connected to it ({@link ConsoleSocket}). The events carry ids only: a page reads the
 * change itself from the database ({@code /api/console}), so a ring that is lost (a node dying between
 * its commit and its publish, Redis restarting) delays a page until its next ring or its periodic
 * catch-up, and never loses a message.
 */
@ApplicationScoped
public class ConsoleLive {

    static final String CHANNEL = "wxp:cs:live";
    private static final Logger LOG = Logger.getLogger(ConsoleLive.class.getName());

    @Inject
    JedisPool redis;

    private final Set<Session> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile JedisPubSub subscription;
    private Thread listener;

    /** Rings every console: {@code type} of change, of session {@code sessionId}, for {@code agent} (or null). */
    public void ring(String type, long sessionId, String agent) {
        JsonObjectBuilder event = Json.createObjectBuilder().add("type", type).add("session", sessionId);
        if (agent != null) {
            event.add("agent", agent);
        }
        String json = event.build().toString();
        try (Jedis jedis = redis.getResource()) {
            jedis.publish(CHANNEL, json);
        } catch (JedisException e) {
            LOG.warning("console ring not published (pages catch up by themselves): " + e.getMessage());
            forward(json); // at least this node's pages
        }
    }

    void register(Session socket) {
        sockets.add(socket);
    }

    void unregister(Session socket) {
        sockets.remove(socket);
    }

    int connected() {
        return sockets.size();
    }

    private void forward(String json) {
        for (Session s : sockets) {
            if (s.isOpen()) {
                try {
                    s.getAsyncRemote().sendText(json);
                } catch (RuntimeException e) {
                    sockets.remove(s);
                }
            } else {
                sockets.remove(s);
            }
        }
    }

    void start(@Observes PlatformStarted started) {
        running = true;
        listener = new Thread(this::listen, "wxp-console-live");
        listener.setDaemon(true);
        listener.start();
    }

    private void listen() {
        while (running) {
            try (Jedis jedis = redis.getResource()) {
                // the pool's read timeout suits commands, not a subscription that may hear nothing for hours
                jedis.getConnection().setSoTimeout(0);
                JedisPubSub sub = new JedisPubSub() {
                    @Override
                    public void onMessage(String channel, String message) {
                        forward(message);
                    }
                };
                subscription = sub;
                jedis.subscribe(sub, CHANNEL);
                jedis.getConnection().setSoTimeout(2000);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warning("console channel lost, subscribing again: " + e.getMessage());
                    // the pages' catch-up covers the gap; ring them so they read at once
                    forward("{\"type\":\"resync\",\"session\":0}");
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        JedisPubSub sub = subscription;
        if (sub != null) {
            try {
                sub.unsubscribe();
            } catch (RuntimeException e) {
                // the connection is gone already
            }
        }
        if (listener != null) {
            listener.interrupt();
        }
    }
}
