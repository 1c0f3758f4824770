package org.airouter.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.airouter.keys.ClientKey;
import org.airouter.routing.Route;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.ScratchDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MigrationsTest {

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void migrationsApplyOnAnEmptyDatabaseOnceAndHibernateValidatesTheSchema(DatabaseTarget target) throws Exception {
    try (ScratchDatabase scratch = target.create(); Database database = scratch.pooled()) {
      assertEquals(target.name(), database.vendor().name());

      assertTrue(Migrations.migrate(database) > 0, "the first migrate applies the scripts");
      assertEquals(0, Migrations.migrate(database), "a second migrate applies nothing");

      try (Jpa jpa = new Jpa(database, List.of(Route.class, ClientKey.class,
          org.airouter.keys.Team.class, org.airouter.prices.Price.class))) {   // hbm2ddl=validate
        assertEquals(1L, jpa.read(ConfigVersion::read));
        jpa.run(ConfigVersion::bump);
        assertEquals(2L, jpa.read(ConfigVersion::read));
      }
    }
  }
}
