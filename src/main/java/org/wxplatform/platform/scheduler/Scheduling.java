package org.wxplatform.platform.scheduler;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.Properties;
import java.util.TimeZone;
import java.util.logging.Logger;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.wxplatform.platform.config.Settings;

/**
 * The cluster's Quartz scheduler: a JDBC job store in the product database with clustering on, so a
 * job fires on exactly one node however many run, and a node that dies mid-job has its recoverable
 * jobs taken over by another. Jobs are CDI beans: a job class is looked up in the container when it
 * fires, so it can inject services.
 */
@ApplicationScoped
public class Scheduling {

    private static final Logger LOG = Logger.getLogger(Scheduling.class.getName());

    @Inject
    BeanManager beanManager;

    private volatile Scheduler scheduler;

    /** Quartz properties for a clustered JDBC store on the given JNDI datasource. */
    public static Properties clusteredProperties(String instanceName, String threads) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", instanceName);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", threads);
        // jobs run with the deployment's class loader, as every other thread of the application
        p.setProperty("org.quartz.threadPool.threadsInheritContextClassLoaderOfInitializingThread", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "30000");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.dataSource", "wxp");
        return p;
    }

    /** Starts the scheduler (idempotent). */
    public synchronized void start(String jndiDataSource) throws SchedulerException {
        if (scheduler != null) {
            return;
        }
        Properties p = clusteredProperties("wxplatform", Settings.get("WXP_SCHEDULER_THREADS", "4"));
        p.setProperty("org.quartz.dataSource.wxp.jndiURL", jndiDataSource);
        Scheduler created = new StdSchedulerFactory(p).getScheduler();
        created.setJobFactory(cdiJobFactory());
        created.start();
        scheduler = created;
        LOG.info("Quartz scheduler started: " + created.getSchedulerInstanceId());
    }

    /**
     * Schedules (or re-schedules, if its cron changed) a cron job under a stable name; safe to call on
     * every node at every start-up.
     */
    public void scheduleCron(String name, Class<? extends Job> jobClass, String cron) throws SchedulerException {
        Scheduler s = require();
        JobKey jobKey = JobKey.jobKey(name, "wxp");
        TriggerKey triggerKey = TriggerKey.triggerKey(name, "wxp");
        JobDetail job = JobBuilder.newJob(jobClass)
                .withIdentity(jobKey)
                .storeDurably()
                .requestRecovery()
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(triggerKey)
                .forJob(jobKey)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron)
                        .inTimeZone(TimeZone.getTimeZone(Settings.get("WXP_TIMEZONE", "Asia/Shanghai")))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        s.addJob(job, true);
        if (s.checkExists(triggerKey)) {
            s.rescheduleJob(triggerKey, trigger);
        } else {
            try {
                s.scheduleJob(trigger);
            } catch (org.quartz.ObjectAlreadyExistsException raced) {
                s.rescheduleJob(triggerKey, trigger);
            }
        }
    }

    /** The scheduler, for modules that need more than cron jobs. */
    public Scheduler require() {
        Scheduler s = scheduler;
        if (s == null) {
            throw new IllegalStateException("scheduler not started");
        }
        return s;
    }

    /** Up means started, not in stand-by and not shut down. */
    public boolean isUp() {
        Scheduler s = scheduler;
        try {
            return s != null && s.isStarted() && !s.isInStandbyMode() && !s.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    public synchronized void shutdown() {
        if (scheduler != null) {
            try {
                scheduler.shutdown(true);
            } catch (SchedulerException e) {
                LOG.warning("Quartz shutdown: " + e.getMessage());
            }
            scheduler = null;
        }
    }

    private JobFactory cdiJobFactory() {
        return (bundle, s) -> {
            Class<? extends Job> jobClass = bundle.getJobDetail().getJobClass();
            var instance = beanManager.createInstance().select(jobClass);
            if (instance.isResolvable()) {
                return instance.get();
            }
            for (var field : jobClass.getDeclaredFields()) {
                if (field.isAnnotationPresent(jakarta.inject.Inject.class)) {
                    // a job that needs injection but is no bean would run with null fields
                    throw new SchedulerException("job " + jobClass.getName()
                            + " injects beans but is not a CDI bean (annotate it @Dependent)");
                }
            }
            try {
                return jobClass.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new SchedulerException("cannot create job " + jobClass.getName(), e);
            }
        };
    }
}
