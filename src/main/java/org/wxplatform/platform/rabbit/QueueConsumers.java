package org.wxplatform.platform.rabbit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Consumer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * One consumer per queue, each on its own channel with prefetch 1 and manual acknowledgement: the way
 * every work queue of the product is consumed. {@link #start} returns at once; the consumers are opened
 * in the background and, while the broker cannot be reached, tried again every 5 s. {@link #stop}
 * closes them (unacknowledged messages go back to their queues).
 */
public final class QueueConsumers {

    private static final Logger LOG = Logger.getLogger(QueueConsumers.class.getName());

    private final RabbitBroker broker;
    private final String name;
    private final List<String> queues;
    private final Function<Channel, Consumer> consumer;
    private final List<Channel> channels = new ArrayList<>();
    private ScheduledExecutorService starter;

    /**
     * @param name what the consumers do, for thread names, consumer tags and the log ("async", "tx")
     * @param consumer makes the consumer of one channel
     */
    public QueueConsumers(RabbitBroker broker, String name, List<String> queues, Function<Channel, Consumer> consumer) {
        this.broker = broker;
        this.name = name;
        this.queues = List.copyOf(queues);
        this.consumer = consumer;
    }

    public synchronized void start() {
        if (starter != null) {
            return;
        }
        starter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wxp-" + name + "-starter");
            t.setDaemon(true);
            return t;
        });
        starter.execute(this::open);
    }

    private synchronized void open() {
        if (!channels.isEmpty() || starter == null) {
            return;
        }
        try {
            for (int i = 0; i < queues.size(); i++) {
                Channel channel = broker.openChannel();
                channel.basicQos(1);
                channel.basicConsume(queues.get(i), false, "wxp-" + name + "-" + i, consumer.apply(channel));
                channels.add(channel);
            }
            LOG.info(name + " consumers started on " + queues.size() + " queues");
        } catch (IOException | RuntimeException e) {
            closeChannels();
            LOG.warning(name + " consumers not started (retrying in 5 s): " + e.getMessage());
            starter.schedule(this::open, 5, TimeUnit.SECONDS);
        }
    }

    public synchronized void stop() {
        if (starter != null) {
            starter.shutdownNow();
            starter = null;
        }
        closeChannels();
    }

    private void closeChannels() {
        for (Channel c : channels) {
            try {
                c.close();
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.fine("closing a " + name + " consumer: " + e.getMessage());
            }
        }
        channels.clear();
    }
}
