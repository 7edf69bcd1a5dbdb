package org.wxplatform.platform.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema to the version of this WAR (Flyway, {@code db/migration}). Every node runs it at
 * start-up; Flyway's lock table makes concurrent starts safe and a migrated schema a no-op.
 *
 * <p>Modules number their migrations in their own ranges (V1-V9 the core and the spine, V10 on the
 * customer-service module, ...), so an upgrade may bring a version below one already applied: such
 * migrations are applied out of order rather than refused. Each touches only its own module's tables.
 */
public final class Migrations {

    private Migrations() {}

    public static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .baselineOnMigrate(false)
                .validateMigrationNaming(true)
                .outOfOrder(true)
                .load()
                .migrate();
    }
}
