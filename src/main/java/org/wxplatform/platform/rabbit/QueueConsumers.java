package org.wxplatform.platform.rabbit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Consumer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * One consumer per queue, each on its own channel with prefetch 1 and manual acknowledgement: the way
 * every work queue of the product is consumed. {@link #start} returns at once; the consumers are opened
 * in the background and, while the broker cannot be reached, tried again every 5 s. {@link #stop}
 * closes them (unacknowledged messages go back to their queues).
 *
 * <p>Each group has its own connection and its own bounded pool of delivery threads, one per queue
 * (a channel's deliveries run one after another, prefetch 1 gives it one at a time): consumers of one
 * group, however slow their work, never take the threads of another group.
 */
public final class QueueConsumers {

    private static final Logger LOG = Logger.getLogger(QueueConsumers.class.getName());

    private final RabbitBroker broker;
    private final String name;
    private final List<String> queues;
    private final BiFunction<Channel, String, Consumer> consumer;
    private final List<Channel> channels = new ArrayList<>();
    private ScheduledExecutorService starter;
    private ExecutorService workers;
    private Connection connection;

    /**
     * @param name what the consumers do, for thread names, consumer tags and the log ("async", "tx")
     * @param consumer makes the consumer of one channel and the queue it consumes
     */
    public QueueConsumers(
            RabbitBroker broker, String name, List<String> queues, BiFunction<Channel, String, Consumer> consumer) {
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
            if (workers == null) {
                int[] n = {0};
                // bounded: one thread per channel; the queue only ever holds deliveries of those channels
                workers = new ThreadPoolExecutor(
                        queues.size(),
                        queues.size(),
                        0,
                        TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(Math.max(16, queues.size() * 4)),
                        r -> {
                            Thread t = new Thread(r, "wxp-" + name + "-consumer-" + (n[0]++));
                            t.setDaemon(true);
                            return t;
                        },
                        new ThreadPoolExecutor.CallerRunsPolicy());
            }
            connection = broker.consumerConnection(name, workers);
            for (int i = 0; i < queues.size(); i++) {
                Channel channel = connection.createChannel();
                channel.basicQos(1);
                channel.basicConsume(
                        queues.get(i), false, "wxp-" + name + "-" + i, consumer.apply(channel, queues.get(i)));
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
        if (workers != null) {
            workers.shutdown();
            workers = null;
        }
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
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                LOG.fine("closing the " + name + " consumers' connection: " + e.getMessage());
            }
            connection = null;
        }
    }
}
