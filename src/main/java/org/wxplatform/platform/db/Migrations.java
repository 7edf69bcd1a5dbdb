package org.wxplatform.platform.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema to the version of this WAR (Flyway, {@code db/migration}). Every node runs it at
 * start-up; Flyway's lock table makes concurrent starts safe and a migrated schema a no-op.
 */
public final class Migrations {

    private Migrations() {}

    public static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .baselineOnMigrate(false)
                .validateMigrationNaming(true)
                .load()
                .migrate();
    }
}
