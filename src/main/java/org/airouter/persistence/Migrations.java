package org.airouter.persistence;

import java.util.Map;
import org.flywaydb.core.Flyway;

/** Brings the schema to the version this build expects, before JPA validates it. */
public final class Migrations {
  private Migrations() {}

  public static int migrate(Database database) { return migrate(database, null); }

  /** Up to {@code version} (null: the latest); the migration tests start from an older schema this way. */
  static int migrate(Database database, String version) {
    // One set of scripts for every vendor; the few types that differ come in as placeholders.
    Map<String, String> types = switch (database.vendor()) {
      case H2 -> Map.of("timestamp", "timestamp(6) with time zone", "text", "varchar(8000)", "longtext", "clob");
      case POSTGRESQL -> Map.of("timestamp", "timestamp(6) with time zone", "text", "varchar(8000)", "longtext", "text");
      case MARIADB -> Map.of("timestamp", "datetime(6)", "text", "varchar(8000)", "longtext", "mediumtext");
    };
    Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(database.unboundedDataSource())   // a long migration is not a stranded connection
        .locations("classpath:db/migration")
        .placeholders(types)
        .table("schema_history")
        .target(version == null ? "latest" : version)
        .load();
    return flyway.migrate().migrationsExecuted;
  }
}
