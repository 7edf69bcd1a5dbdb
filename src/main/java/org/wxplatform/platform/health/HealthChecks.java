package org.wxplatform.platform.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.rabbit.RabbitBroker;
import org.wxplatform.platform.scheduler.Scheduling;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * Checks MySQL, Redis, RabbitMQ and the scheduler in parallel, each within {@value #LIMIT_MS} ms, so
 * the health answer stays fast when something hangs.
 */
@ApplicationScoped
public class HealthChecks {

    static final long LIMIT_MS = 2_500;

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    JedisPool jedisPool;

    @Inject
    RabbitBroker rabbit;

    @Inject
    Scheduling scheduling;

    public HealthReport run() {
        Map<String, Callable<Void>> probes = new LinkedHashMap<>();
        probes.put("mysql", this::mysql);
        probes.put("redis", this::redis);
        probes.put("rabbitmq", this::rabbitmq);
        probes.put("scheduler", this::scheduler);
        long start = System.nanoTime();
        Map<String, Future<Void>> running = new LinkedHashMap<>();
        probes.forEach((name, probe) -> running.put(name, executor.submit(probe)));
        List<HealthReport.Check> checks = new ArrayList<>();
        for (var entry : running.entrySet()) {
            long left = LIMIT_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String reason = null;
            try {
                entry.getValue().get(Math.max(left, 1), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                entry.getValue().cancel(true);
                reason = "no answer within " + LIMIT_MS + " ms";
            } catch (ExecutionException e) {
                reason = PlatformLifecycle.rootMessage(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reason = "interrupted";
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            checks.add(new HealthReport.Check(entry.getKey(), reason == null, ms, reason));
        }
        return new HealthReport(PlatformLifecycle.nodeName(), checks);
    }

    private Void mysql() throws Exception {
        try (Connection c = dataSource.getConnection();
                var statement = c.createStatement()) {
            statement.setQueryTimeout(2);
            statement.execute("SELECT 1");
        }
        return null;
    }

    private Void redis() {
        try (Jedis jedis = jedisPool.getResource()) {
            String pong = jedis.ping();
            if (!"PONG".equals(pong)) {
                throw new IllegalStateException("unexpected answer " + pong);
            }
        }
        return null;
    }

    private Void rabbitmq() throws Exception {
        if (!rabbit.connection().isOpen()) {
            throw new IllegalStateException("connection closed (recovering)");
        }
        return null;
    }

    private Void scheduler() {
        if (!scheduling.isUp()) {
            throw new IllegalStateException("scheduler not running");
        }
        return null;
    }
}
