package org.airouter.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.airouter.audit.AuditEvent;
import org.airouter.capture.CaptureFilter;
import org.airouter.capture.CaptureRecord;
import org.airouter.capture.CaptureStore;
import org.airouter.keys.ClientKey;
import org.airouter.keys.Team;
import org.airouter.prices.Price;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.Failover;
import org.airouter.routing.Route;
import org.airouter.routing.Target;
import org.airouter.security.AdminToken;
import org.airouter.security.ConsoleUser;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.ScratchDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("db")
class MigrationsTest {

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void migrationsApplyOnAnEmptyDatabaseOnceAndHibernateValidatesTheSchema(DatabaseTarget target) throws Exception {
    try (ScratchDatabase scratch = target.create(); Database database = scratch.pooled()) {
      assertEquals(target.name(), database.vendor().name());

      assertTrue(Migrations.migrate(database) > 0, "the first migrate applies the scripts");
      assertEquals(0, Migrations.migrate(database), "a second migrate applies nothing");

      try (Jpa jpa = new Jpa(database, List.of(Route.class, Target.class, ClientKey.class,
          Team.class, Price.class, AdminToken.class,
          ConsoleUser.class, AuditEvent.class))) {   // hbm2ddl=validate
        assertEquals(1L, jpa.read(ConfigVersion::read));
        jpa.run(ConfigVersion::bump);
        assertEquals(2L, jpa.read(ConfigVersion::read));
      }
    }
  }

  /** V13: the capture table holds a body longer than the 8000-character text columns, read back whole. */
  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void capturesKeepLongBodies(DatabaseTarget target) throws Exception {
    try (ScratchDatabase scratch = target.create(); Database database = scratch.pooled()) {
      Migrations.migrate(database, "12");
      assertEquals(1, Migrations.migrate(database, "13"));

      CaptureStore store = new CaptureStore(database.dataSource());
      String body = "x".repeat(70_000);
      store.insert(new CaptureRecord("c1", Instant.ofEpochMilli(1_000), "req_1", "chat", "ci", "/chat/completions",
          "gpt-4o", true, 200, null, new CaptureRecord.Bodies(body, 80_000, true, "data: {}", 8, false)));
      CaptureRecord read = store.get("c1").orElseThrow();
      assertEquals(body, read.bodies().request());
      assertTrue(read.bodies().requestTruncated() && read.stream());
      assertEquals(1, store.page(CaptureFilter.of("chat", null, null), 0, 10).total());
      assertEquals(0, store.page(CaptureFilter.of("other", null, null), 0, 10).total());
      assertEquals(1, store.page(CaptureFilter.of("chat", "ci", "2xx"), 0, 10).total());
      assertEquals(0, store.page(CaptureFilter.of(null, null, "4xx"), 0, 10).total());
      assertEquals(1, store.deleteBefore(Instant.ofEpochMilli(2_000)));

      // Deleting one by id, and every one a filter matches.
      for (int i = 0; i < 3; i++) {
        store.insert(new CaptureRecord("d" + i, Instant.ofEpochMilli(3_000 + i), "req_d" + i, "chat", "ci",
            "/chat/completions", "gpt-4o", false, i == 0 ? 200 : 429, null,
            new CaptureRecord.Bodies("{}", 2, false, "{}", 2, false)));
      }
      assertTrue(store.delete("d0"));
      assertFalse(store.delete("d0"), "gone already");
      assertEquals(2, store.delete(CaptureFilter.of(null, null, "429")));
      assertEquals(0, store.page(CaptureFilter.ALL, 0, 10).total());
    }
  }

  /** V12: admin tokens made before roles keep full rights; users and the audit log start empty. */
  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void tokensFromBeforeRolesAreAdminTokens(DatabaseTarget target) throws Exception {
    try (ScratchDatabase scratch = target.create(); Database database = scratch.pooled()) {
      Migrations.migrate(database, "11");
      String at = target.name().equals("MARIADB") ? "'2026-01-01 00:00:00'" : "timestamp '2026-01-01 00:00:00+00:00'";
      scratch.execute("insert into admin_token (id, name, prefix, token_hash, created_at, version) values (1, 'ci',"
          + " 'art-abcd', '" + "0".repeat(64) + "', " + at + ", 0)");

      assertEquals(1, Migrations.migrate(database, "12"));

      assertEquals("admin", scratch.query("select role from admin_token where id = 1", rs -> {
        rs.next();
        return rs.getString(1);
      }));
      assertEquals(Integer.valueOf(0), scratch.query("select count(*) from console_user", rs -> { rs.next(); return rs.getInt(1); }));
      assertEquals(Integer.valueOf(0), scratch.query("select count(*) from audit_event", rs -> { rs.next(); return rs.getInt(1); }));
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
