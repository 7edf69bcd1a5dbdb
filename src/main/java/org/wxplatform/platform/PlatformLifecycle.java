package org.wxplatform.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.wxplatform.platform.db.Migrations;
import org.wxplatform.platform.rabbit.RabbitBroker;
import org.wxplatform.platform.scheduler.Scheduling;

/**
 * Start-up order of a node: schema, scheduler, broker, then {@link PlatformStarted} for the modules.
 *
 * <p>A database that cannot be reached at start-up stops the deployment with one line starting with
 * {@value #FATAL} that names the cause (the run script shows that line and nothing else). Redis and
 * RabbitMQ being down does not stop a node: {@code /health} reports them and they are used when back.
 */
@ApplicationScoped
public class PlatformLifecycle {

    /** Marker of the one line that explains why a node could not start. */
    public static final String FATAL = "WXP-FATAL:";

    public static final String DATASOURCE = "java:jboss/datasources/WxpDS";

    private static final Logger LOG = Logger.getLogger(PlatformLifecycle.class.getName());

    @Resource(lookup = DATASOURCE)
    DataSource dataSource;

    @Inject
    Scheduling scheduling;

    @Inject
    RabbitBroker rabbit;

    @Inject
    Event<PlatformStarted> started;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object context) {
        try (var connection = dataSource.getConnection()) {
            connection.isValid(2);
        } catch (SQLException e) {
            String line =
                    FATAL + " database unreachable (check WXP_DB_URL, WXP_DB_USER, WXP_DB_PASSWORD): " + rootMessage(e);
            LOG.severe(line);
            throw new IllegalStateException(line);
        }
        MigrateResult migrated;
        try {
            migrated = Migrations.migrate(dataSource);
        } catch (RuntimeException e) {
            String line = FATAL + " database migration failed: " + rootMessage(e);
            LOG.severe(line);
            throw new IllegalStateException(line, e);
        }
        LOG.info("schema at version " + migrated.targetSchemaVersion + " (" + migrated.migrationsExecuted
                + " migrations applied now)");
        try {
            scheduling.start(DATASOURCE);
        } catch (Exception e) {
            String line = FATAL + " scheduler failed to start: " + rootMessage(e);
            LOG.severe(line);
            throw new IllegalStateException(line, e);
        }
        if (!rabbit.isUp()) {
            LOG.warning("RabbitMQ not reachable at start-up; it will be connected on first use");
        }
        started.fire(new PlatformStarted(nodeName()));
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        scheduling.shutdown();
    }

    public static String nodeName() {
        String name = System.getProperty("jboss.node.name");
        return name != null ? name : System.getProperty("jboss.server.name", "node");
    }

    /** The innermost message, for a one-line explanation without a stack trace. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null
                ? t.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }
}
