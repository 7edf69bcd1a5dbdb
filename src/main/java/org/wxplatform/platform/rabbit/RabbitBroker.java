package org.wxplatform.platform.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wxplatform.platform.config.Settings;

/**
 * The node's RabbitMQ connection and publisher. Publishing is confirmed: {@link #publish} returns only
 * after the broker has taken responsibility for the message (a publisher confirm) and the message was
 * routed to at least one queue; otherwise it throws, so a caller never believes a lost message was
 * queued. Messages are persistent (delivery mode 2) unless the caller's properties say otherwise.
 *
 * <p>The connection recovers by itself after a broker restart (the client's automatic and topology
 * recovery). If the broker is down when the node starts, the connection is made on first use.
 */
@ApplicationScoped
public class RabbitBroker {

    private static final Logger LOG = Logger.getLogger(RabbitBroker.class.getName());
    private static final long CONFIRM_TIMEOUT_MS = 5_000;
    private static final long RECONNECT_PAUSE_MS = 2_000;

    @Inject
    Event<RabbitTopology> topologyEvent;

    private final BlockingQueue<ConfirmChannel> idle = new ArrayBlockingQueue<>(16);
    private volatile Connection connection;
    private volatile long lastAttempt;

    /** The open connection, connecting if needed; throws if the broker cannot be reached now. */
    public Connection connection() throws IOException {
        Connection current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection != null) {
                return connection;
            }
            long now = System.currentTimeMillis();
            if (now - lastAttempt < RECONNECT_PAUSE_MS) {
                throw new IOException("RabbitMQ unreachable (retrying shortly)");
            }
            lastAttempt = now;
            try {
                Connection created = factory().newConnection("wxplatform");
                try (Channel channel = created.createChannel()) {
                    topologyEvent.fire(new RabbitTopology(channel));
                }
                connection = created;
                LOG.info("RabbitMQ connected, topology declared");
                return created;
            } catch (IOException e) {
                throw e;
            } catch (TimeoutException | java.net.URISyntaxException | java.security.GeneralSecurityException e) {
                throw new IOException("RabbitMQ connection failed: " + e.getMessage(), e);
            }
        }
    }

    private static ConnectionFactory factory()
            throws java.net.URISyntaxException, java.security.GeneralSecurityException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Settings.get("WXP_RABBIT_URL", "amqp://guest:guest@127.0.0.1:5672"));
        factory.setConnectionTimeout(2_000);
        factory.setHandshakeTimeout(4_000);
        factory.setRequestedHeartbeat(15);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(2_000);
        return factory;
    }

    /**
     * A connection of its own for one group of consumers, whose deliveries run on {@code workers}: the
     * client's default is one pool per connection shared by every consumer on it, where consumers that
     * wait on the carrier would hold the threads the async replies need. The caller closes it.
     */
    public Connection consumerConnection(String name, java.util.concurrent.ExecutorService workers) throws IOException {
        connection(); // the topology is declared before anything consumes
        try {
            return factory().newConnection(workers, "wxplatform-" + name);
        } catch (TimeoutException | java.net.URISyntaxException | java.security.GeneralSecurityException e) {
            throw new IOException("RabbitMQ connection failed: " + e.getMessage(), e);
        }
    }

    /** True when the connection is open (false while it is recovering or was never made). */
    public boolean isUp() {
        try {
            return connection().isOpen();
        } catch (IOException e) {
            return false;
        }
    }

    /** A new channel for a consumer; the caller owns and closes it. */
    public Channel openChannel() throws IOException {
        return connection().createChannel();
    }

    /** Messages waiting in {@code queues} together (ready, not counting unacknowledged ones). */
    public long messageCount(List<String> queues) throws IOException {
        try (Channel channel = openChannel()) {
            long total = 0;
            for (String q : queues) {
                total += channel.queueDeclarePassive(q).getMessageCount();
            }
            return total;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }

    /**
     * Publishes a message and waits for the broker's confirm.
     *
     * @throws IOException if the broker refused, did not confirm in time, or could route it nowhere
     */
    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        AMQP.BasicProperties props = properties == null ? persistent().build() : properties;
        ConfirmChannel channel = borrow();
        boolean healthy = false;
        try {
            channel.returned = false;
            channel.channel.basicPublish(exchange, routingKey, true, props, body);
            channel.channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
            healthy = true;
            if (channel.returned) {
                throw new IOException("no queue is bound for " + exchange + "/" + routingKey);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a publisher confirm", e);
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ did not confirm within " + CONFIRM_TIMEOUT_MS + " ms", e);
        } finally {
            giveBack(channel, healthy);
        }
    }

    /** Properties for a persistent message: start from these and add headers or a message id. */
    public static AMQP.BasicProperties.Builder persistent() {
        return new AMQP.BasicProperties.Builder().deliveryMode(2).contentType("application/json");
    }

    private ConfirmChannel borrow() throws IOException {
        ConfirmChannel channel = idle.poll();
        while (channel != null && !channel.channel.isOpen()) {
            channel = idle.poll();
        }
        if (channel != null) {
            return channel;
        }
        Channel created = connection().createChannel();
        created.confirmSelect();
        ConfirmChannel wrapped = new ConfirmChannel(created);
        created.addReturnListener(r -> wrapped.returned = true);
        return wrapped;
    }

    private void giveBack(ConfirmChannel channel, boolean healthy) {
        if (healthy && channel.channel.isOpen() && idle.offer(channel)) {
            return;
        }
        closeQuietly(channel.channel);
    }

    @PreDestroy
    void close() {
        ConfirmChannel channel;
        while ((channel = idle.poll()) != null) {
            closeQuietly(channel.channel);
        }
        Connection current = connection;
        if (current != null) {
            try {
                current.close(2_000);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "closing RabbitMQ connection", e);
            }
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.log(Level.FINE, "closing RabbitMQ channel", e);
        }
    }

    private static final class ConfirmChannel {
        final Channel channel;
        volatile boolean returned;

        ConfirmChannel(Channel channel) {
            this.channel = channel;
        }
    }
}
