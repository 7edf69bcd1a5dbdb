package org.wxplatform.platform.rabbit;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * Fired once a node has a RabbitMQ connection, before anything is published: each module observes it
 * and declares its own exchanges and queues (durable), so {@code platform} never names a module's
 * queue. The client library re-declares them after a connection recovery.
 */
public final class RabbitTopology {

    private final Channel channel;

    RabbitTopology(Channel channel) {
        this.channel = channel;
    }

    /** A durable, non-exclusive, non-auto-delete queue. */
    public void durableQueue(String name, Map<String, Object> arguments) throws IOException {
        channel.queueDeclare(name, true, false, false, arguments);
    }

    /** A durable exchange of the given type (direct, topic, fanout, x-consistent-hash ...). */
    public void durableExchange(String name, String type) throws IOException {
        channel.exchangeDeclare(name, type, true);
    }

    public void bind(String queue, String exchange, String routingKey) throws IOException {
        channel.queueBind(queue, exchange, routingKey);
    }

    /** For declarations this class does not cover. */
    public Channel channel() {
        return channel;
    }
}
