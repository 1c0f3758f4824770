package org.airouter.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.airouter.keys.ClientKey;
import java.util.Map;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.Failover;
import org.airouter.routing.Route;
import org.airouter.routing.Target;
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

      try (Jpa jpa = new Jpa(database, List.of(Route.class, org.airouter.routing.Target.class, ClientKey.class,
          org.airouter.keys.Team.class, org.airouter.prices.Price.class))) {   // hbm2ddl=validate
        assertEquals(1L, jpa.read(ConfigVersion::read));
        jpa.run(ConfigVersion::bump);
        assertEquals(2L, jpa.read(ConfigVersion::read));
      }
    }
  }

  /** V10: a usage record names the target that answered and the upstream calls made; older rows have neither. */
  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void usageRecordsGetTheirTargetAndAttempts(DatabaseTarget target) throws Exception {
    try (ScratchDatabase scratch = target.create(); Database database = scratch.pooled()) {
      Migrations.migrate(database, "9");
      String at = target.name().equals("MARIADB") ? "'2026-01-01 00:00:00'" : "timestamp '2026-01-01 00:00:00+00:00'";
      String columns = "insert into usage_record (id, at, key_id, route_id, model, endpoint, status, first_byte_ms,"
          + " total_ms, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, flags, request_id";
      scratch.execute(columns + ") values (1, " + at + ", 1, 1, 'm', '/chat/completions', 200, 1, 2, 0, 0, 0, 0, 0, 'r1')");

      assertEquals(1, Migrations.migrate(database, "10"));

      scratch.execute(columns + ", target, attempts) values (2, " + at
          + ", 1, 1, 'm', '/chat/completions', 200, 1, 2, 0, 0, 0, 0, 0, 'r2', 'azure-east', 3)");
      assertEquals("null/0 azure-east/3 ", scratch.query("select target, attempts from usage_record order by id", rs -> {
        StringBuilder rows = new StringBuilder();
        while (rs.next()) rows.append(rs.getString(1)).append('/').append(rs.getInt(2)).append(' ');
        return rows.toString();
      }));
    }
  }

  /** V9: each route's upstream becomes one target named 'primary'; its sealed key and headers move as they are. */
  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void routesFromBeforeTargetsBecomeOneTargetEach(DatabaseTarget target) throws Exception {
    try (ScratchDatabase scratch = target.create(); Database database = scratch.pooled()) {
      Migrations.migrate(database, "8");
      String at = target.name().equals("MARIADB") ? "'2026-01-01 00:00:00'" : "timestamp '2026-01-01 00:00:00+00:00'";
      scratch.execute("insert into route (id, name, match_kind, pattern, provider, base_url, sealed_api_key,"
          + " upstream_model, is_default, enabled, sort_order, created_at, updated_at, version, api_version,"
          + " deployments, sealed_headers, query_params) values (51, 'azure', 'EXACT', 'gpt-4o', 'AZURE',"
          + " 'https://res.openai.azure.com', 'v1.k1.sealed-key', 'gpt-4o-x', true, true, 0, " + at + ", " + at
          + ", 3, '2025-01-01', '{\"gpt-4o\":\"prod\"}', 'v1.k1.sealed-headers', '{\"a\":\"1\"}')");
      scratch.execute("insert into route (id, name, match_kind, pattern, provider, base_url, is_default, enabled,"
          + " sort_order, created_at, updated_at, version) values (1, 'plain', 'GLOB', 'x-*', 'OPENAI',"
          + " 'https://relay.example.com/v1', false, false, 1, " + at + ", " + at + ", 0)");

      assertEquals(1, Migrations.migrate(database, "9"));
      Migrations.migrate(database);   // the entities validate against the latest schema

      try (Jpa jpa = new Jpa(database, List.of(Route.class, Target.class, ClientKey.class))) {
        List<Route> routes = jpa.read(em -> em.createQuery("select r from Route r order by r.id", Route.class)
            .getResultList());
        Route plain = routes.get(0);
        Route azure = routes.get(1);
        assertEquals(List.of("primary"), plain.targets().stream().map(Target::name).toList());
        assertEquals("https://relay.example.com/v1", plain.primary().baseUrl());
        assertEquals(null, plain.primary().sealedApiKey());
        Target t = azure.targets().get(0);
        assertEquals(List.of(ProviderKind.AZURE, "https://res.openai.azure.com", "v1.k1.sealed-key", "gpt-4o-x",
            "2025-01-01", Map.of("gpt-4o", "prod"), "v1.k1.sealed-headers", Map.of("a", "1"), 0, 1, true),
            List.of(t.provider(), t.baseUrl(), t.sealedApiKey(), t.upstreamModel(), t.apiVersion(), t.deployments(),
                t.sealedHeaders(), t.query(), t.priority(), t.weight(), t.enabled()));
        assertEquals(Failover.DEFAULT, azure.failover());
        assertEquals(3L, azure.version(), "the route itself is not changed");
        assertTrue(azure.isDefault());
      }
    }
  }
}
