package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.wxplatform.platform.db.Migrations;
import org.wxplatform.platform.scheduler.Scheduling;

/**
 * Two scheduler nodes on the real database, configured exactly as the product configures its own
 * ({@link Scheduling#clusteredProperties}): every trigger fires on one node only.
 */
class ClusteredSchedulerIT {

    static final Map<String, AtomicInteger> FIRED = new ConcurrentHashMap<>();
    static final Map<String, Boolean> NODES = new ConcurrentHashMap<>();

    /** Counts each firing of a trigger and which node ran it. */
    public static class CountingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            FIRED.computeIfAbsent(context.getTrigger().getKey().getName(), k -> new AtomicInteger())
                    .incrementAndGet();
            try {
                NODES.put(context.getScheduler().getSchedulerInstanceId(), true);
                Thread.sleep(20);
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Plain JDBC connections for a scheduler that runs outside the server. */
    public static class DriverManagerProvider implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url(), user(), password());
        }

        @Override
        public void shutdown() {}

        @Override
        public void initialize() {}
    }

    static String url() {
        return System.getenv()
                .getOrDefault(
                        "WXP_DB_URL",
                        "jdbc:mysql://127.0.0.1:3306/wxplatform_test?characterEncoding=UTF-8&serverTimezone=UTC");
    }

    static String user() {
        return System.getenv().getOrDefault("WXP_DB_USER", "wxp");
    }

    static String password() {
        return System.getenv().getOrDefault("WXP_DB_PASSWORD", "wxp");
    }

    private static Scheduler node(String name) throws Exception {
        Properties p = Scheduling.clusteredProperties("wxp-cluster-it", "3");
        p.setProperty("org.quartz.scheduler.instanceId", name);
        p.setProperty("org.quartz.scheduler.instanceName", "wxp-cluster-it");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
        p.setProperty("org.quartz.dataSource.wxp.connectionProvider.class", DriverManagerProvider.class.getName());
        p.remove("org.quartz.threadPool.threadsInheritContextClassLoaderOfInitializingThread");
        return new StdSchedulerFactory(p).getScheduler();
    }

    @Test
    void eachTriggerFiresOnceAcrossTwoNodes() throws Exception {
        var ds = new com.mysql.cj.jdbc.MysqlDataSource();
        ds.setUrl(url());
        ds.setUser(user());
        ds.setPassword(password());
        Migrations.migrate(ds);

        Scheduler a = node("node-a");
        Scheduler b = node("node-b");
        a.clear();
        List<String> names = new ArrayList<>();
        long at = System.currentTimeMillis() + 1_500;
        for (int i = 0; i < 40; i++) {
            String name = "t" + i;
            names.add(name);
            a.scheduleJob(
                    JobBuilder.newJob(CountingJob.class).withIdentity("j" + i).build(),
                    TriggerBuilder.newTrigger()
                            .withIdentity(name)
                            .startAt(new Date(at + (i % 8) * 100L))
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withRepeatCount(0))
                            .build());
        }
        a.start();
        b.start();
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (FIRED.size() < names.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(2_000); // time for a duplicate firing to show up
            assertEquals(names.size(), FIRED.size(), "every trigger fired");
            for (String name : names) {
                assertEquals(1, FIRED.get(name).get(), name + " fired once across the cluster");
            }
            assertTrue(NODES.size() >= 1);
        } finally {
            a.clear();
            a.shutdown(true);
            b.shutdown(true);
        }
    }
}
