package org.airouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.OptimisticLockException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.airouter.persistence.Jpa;
import org.airouter.provider.ProviderKind;
import org.airouter.provider.Upstream;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.PerDatabase;
import org.airouter.testing.RouterParts;
import org.airouter.validation.Problem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("db")
class RouteServiceTest {
  @RegisterExtension static final PerDatabase DATABASES = new PerDatabase();

  private static RouteSpec spec(String name, String pattern, String apiKey, boolean isDefault) {
    return new RouteSpec(name, MatchKind.GLOB, pattern, ProviderKind.OPENAI, "https://" + name + ".example.com/v1",
        apiKey, null, isDefault, true);
  }

  private static List<String> order(RouterParts parts) {
    return parts.routes().all().stream().map(Route::name).toList();
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void providerFieldsAreStoredWithHeadersSealedAndReachTheSnapshot(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    Map<String, String> headers = Map.of("X-Relay-Auth", "relay-secret-value");
    Route route = parts.routes().save(new RouteSpec("azure", MatchKind.EXACT, "gpt-4o", ProviderKind.AZURE,
        "https://res.openai.azure.com", "az-key", null, false, true, "2025-01-01-preview",
        Map.of("gpt-4o", "prod-4o"), headers, Map.of("team", "a")));

    Route stored = parts.routes().find(route.id()).orElseThrow();
    assertEquals(ProviderKind.AZURE, stored.primary().provider());
    assertEquals("2025-01-01-preview", stored.primary().apiVersion());
    assertEquals(Map.of("gpt-4o", "prod-4o"), stored.primary().deployments());
    assertEquals(Map.of("team", "a"), stored.primary().query());
    assertTrue(!stored.primary().sealedHeaders().contains("relay-secret-value"), "header values are sealed at rest");
    Upstream upstream = parts.router().route("gpt-4o").orElseThrow().upstream();
    assertEquals(headers, upstream.headers());
    assertEquals("prod-4o", upstream.deploymentFor("gpt-4o"));
    assertEquals("2025-01-01-preview", upstream.apiVersion());

    String sealed = stored.primary().sealedHeaders();
    parts.routes().save(new RouteSpec("azure", MatchKind.EXACT, "gpt-4o", ProviderKind.AZURE,
        "https://res.openai.azure.com", null, null, false, true, null, null, null, null));
    Route kept = parts.routes().find(route.id()).orElseThrow();
    assertEquals(sealed, kept.primary().sealedHeaders(), "headers left out are kept, like the key");
    assertEquals(Map.of(), kept.primary().deployments());
    assertEquals(null, kept.primary().apiVersion());
    parts.routes().save(new RouteSpec("azure", MatchKind.EXACT, "gpt-4o", ProviderKind.AZURE,
        "https://res.openai.azure.com", null, null, false, true, null, null, Map.of(), null));
    assertEquals(Map.of(), parts.router().route("gpt-4o").orElseThrow().upstream().headers());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void createdRouteIsStoredAndServedAtOnce(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    long version = parts.configVersion();

    Route route = parts.routes().save(new RouteSpec("openai", MatchKind.EXACT, "gpt-4o", ProviderKind.OPENAI,
        "https://api.openai.com/v1", "sk-openai", "gpt-4o-2024-08-06", false, true));

    Route stored = parts.routes().find(route.id()).orElseThrow();
    assertEquals("openai", stored.name());
    assertEquals(MatchKind.EXACT, stored.matchKind());
    assertEquals("gpt-4o-2024-08-06", stored.primary().upstreamModel());
    assertTrue(stored.createdAt() != null && stored.updatedAt() != null);
    assertEquals(stored.id(), parts.routes().findByName("openai").orElseThrow().id());
    ActiveRoute served = parts.router().route("gpt-4o").orElseThrow();
    assertEquals("openai", served.name());
    assertEquals("sk-openai", served.upstream().apiKey());
    assertTrue(parts.configVersion() > version);
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void savingByNameUpdatesAndSavingTheSameSpecAgainChangesNothing(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    Route first = parts.routes().save(spec("r", "gpt-*", "sk-1", false));
    String sealed = first.primary().sealedApiKey();
    Route again = parts.routes().save(spec("r", "gpt-*", "sk-1", false));
    assertEquals(first.id(), again.id());
    assertEquals(1, parts.count("route"));
    assertEquals(sealed, parts.routes().find(first.id()).orElseThrow().primary().sealedApiKey(), "the same key is not re-sealed");

    Route changed = parts.routes().save(spec("r", "claude-*", null, false));
    assertEquals(first.id(), changed.id());
    assertEquals(1, parts.count("route"));
    assertEquals("claude-*", parts.routes().find(first.id()).orElseThrow().pattern());
    assertEquals("sk-1", parts.router().route("claude-3").orElseThrow().upstream().apiKey(), "a null key keeps the key");
    assertTrue(parts.router().route("gpt-4o").isEmpty());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void updateWithTheCurrentVersionSucceedsAndWithAStaleOneFails(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    Route created = parts.routes().save(spec("r", "gpt-*", "sk-1", false));
    long seen = created.version();

    Route updated = parts.routes().update(created.id(), spec("r", "o1-*", null, false), seen);
    assertNotEquals(seen, parts.routes().find(created.id()).orElseThrow().version());
    assertEquals("o1-*", updated.pattern());

    long before = parts.configVersion();
    assertThrows(OptimisticLockException.class,
        () -> parts.routes().update(created.id(), spec("r", "stale-*", null, false), seen));
    assertEquals("o1-*", parts.routes().find(created.id()).orElseThrow().pattern());
    assertEquals(before, parts.configVersion(), "a refused change moves nothing");
    parts.routes().update(created.id(), spec("r", "any-*", null, false), null);   // no version: last write wins
    assertEquals("any-*", parts.routes().find(created.id()).orElseThrow().pattern());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void deletedRouteIsGoneFromStoreAndSnapshot(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    Route route = parts.routes().save(spec("r", "gpt-*", null, false));
    long version = parts.configVersion();
    parts.routes().delete(route.id());
    assertTrue(parts.routes().find(route.id()).isEmpty());
    assertTrue(parts.router().route("gpt-4o").isEmpty());
    assertTrue(parts.configVersion() > version);
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void reorderPutsTheNamedRoutesFirstAndKeepsTheRest(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    Route a = parts.routes().save(spec("a", "gpt-*", null, false));
    Route b = parts.routes().save(spec("b", "gpt-4*", null, false));
    Route c = parts.routes().save(spec("c", "x-*", null, false));
    Route d = parts.routes().save(spec("d", "y-*", null, false));
    assertEquals(List.of("a", "b", "c", "d"), order(parts));
    assertEquals("a", parts.router().route("gpt-4o").orElseThrow().name());

    long version = parts.configVersion();
    parts.routes().reorder(List.of(d.id(), b.id()));

    assertEquals(List.of("d", "b", "a", "c"), order(parts));
    assertEquals("b", parts.router().route("gpt-4o").orElseThrow().name());
    assertTrue(parts.configVersion() > version);
    assertThrows(RouteService.RouteNotFound.class, () -> parts.routes().reorder(List.of(a.id(), -5L)));
    assertEquals(List.of("d", "b", "a", "c"), order(parts), "a failed reorder changes nothing");
    assertEquals(c.id(), parts.routes().findByName("c").orElseThrow().id());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void onlyOneRouteIsTheDefaultAtATime(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    parts.routes().save(spec("first", "a-*", null, true));
    parts.routes().save(spec("second", "b-*", null, true));
    assertEquals(List.of("second"),
        parts.routes().all().stream().filter(Route::isDefault).map(Route::name).toList());
    assertEquals("second", parts.router().route(null).orElseThrow().name());
    parts.routes().save(spec("first", "a-*", null, true));
    assertEquals(List.of("first"),
        parts.routes().all().stream().filter(Route::isDefault).map(Route::name).toList());
    assertEquals("first", parts.router().route("unknown").orElseThrow().name());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void unknownIdIsRouteNotFound(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    assertTrue(parts.routes().find(987654L).isEmpty());
    assertThrows(RouteService.RouteNotFound.class, () -> parts.routes().delete(987654L));
    assertThrows(RouteService.RouteNotFound.class,
        () -> parts.routes().update(987654L, spec("r", "x", null, false), null));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void invalidSpecIsRefusedWithEveryProblem(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    long version = parts.configVersion();
    RouteService.InvalidRoute e = assertThrows(RouteService.InvalidRoute.class, () -> parts.routes().save(
        new RouteSpec(" ", null, "", null, "mailto:x@example.com", null, "m".repeat(201), false, true)));
    assertEquals(List.of("name: must not be blank", "match: must be exact, glob or keyword",
        "pattern: must not be blank", "provider: unknown provider", "baseUrl: must be an http or https URL",
        "upstreamModel: at most 200 characters"), texts(e.problems()));
    assertEquals(0, parts.count("route"));
    assertEquals(version, parts.configVersion());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void providerKeyIsStoredSealedAndOpenedForTheSnapshot(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    String providerKey = "sk-proj-VerySecretProviderKey0123456789";
    Route route = parts.routes().save(spec("r", "gpt-*", providerKey, false));

    String raw = parts.scratch().query("select sealed_api_key from route_target where route_id = " + route.id(), rs -> {
      rs.next();
      return rs.getString(1);
    });
    assertFalse(raw.contains(providerKey), raw);
    assertFalse(raw.contains("VerySecret"), raw);
    assertTrue(raw.startsWith("v1."), raw);
    String everything = parts.scratch().query("select * from route r join route_target t on t.route_id = r.id", rs -> {
      StringBuilder all = new StringBuilder();
      while (rs.next()) for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) all.append(rs.getString(i));
      return all.toString();
    });
    assertFalse(everything.contains("VerySecret"));

    RouteTable table = RouteTable.of(parts.routes().all(), parts.secrets().box());
    assertEquals(providerKey, table.route("gpt-4o").orElseThrow().upstream().apiKey());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void everyChangeMovesTheConfigVersionAndReloads(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    long version = parts.configVersion();
    int reloads = parts.reloads();
    Route r = parts.routes().save(spec("r", "a", null, false));
    long afterCreate = parts.configVersion();
    parts.routes().update(r.id(), spec("r", "b", null, false), null);
    long afterUpdate = parts.configVersion();
    parts.routes().reorder(List.of(r.id()));
    long afterReorder = parts.configVersion();
    parts.routes().delete(r.id());
    long afterDelete = parts.configVersion();
    assertTrue(version < afterCreate && afterCreate < afterUpdate && afterUpdate < afterReorder
        && afterReorder < afterDelete, List.of(version, afterCreate, afterUpdate, afterReorder, afterDelete).toString());
    assertEquals(reloads + 4, parts.reloads());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void theLastTestIsKeptOnTheRowWithoutMovingAnyVersion(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    Route route = parts.routes().save(spec("tested", "t-*", "sk-tested", false));
    assertNull(route.lastProbe(), "never tested");
    long configVersion = parts.configVersion();
    int reloads = parts.reloads();
    Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");

    parts.routes().recordProbe(route.id(), new LastProbe(at, false, 429, -1, 812, "Slow down. " + "x".repeat(300)));

    Route stored = parts.routes().find(route.id()).orElseThrow();
    LastProbe last = stored.lastProbe();
    assertEquals(new LastProbe(at, false, 429, -1, 812, last.message()), last);
    assertTrue(last.message().startsWith("Slow down. xxx") && last.message().endsWith("…"), last.message());
    assertEquals(LastProbe.MESSAGE_LENGTH, last.message().length());
    assertEquals(route.version(), stored.version(), "an edit form opened before the test can still save");
    assertEquals(configVersion, parts.configVersion(), "no configuration changed");
    assertEquals(reloads, parts.reloads());

    // What another instance, or the next start, reads: the row, through an entity manager of its own.
    try (Jpa fresh = new Jpa(parts.database(), List.of(Route.class, Target.class))) {
      assertEquals(last, fresh.read(em -> em.find(Route.class, route.id())).lastProbe());
    }

    parts.routes().update(route.id(), spec("tested", "t2-*", null, false), stored.version());
    assertEquals(last, parts.routes().find(route.id()).orElseThrow().lastProbe(), "saving the route keeps it");
    LastProbe next = new LastProbe(at.plusSeconds(60), true, 200, 35, 90, "Hello!");
    parts.routes().recordProbe(route.id(), next);
    assertEquals(next, parts.routes().find(route.id()).orElseThrow().lastProbe(), "the newest replaces it");
  }

  // ---- targets ----

  private static TargetSpec target(String name, String key, int priority) {
    return new TargetSpec(name, ProviderKind.OPENAI, "https://" + name + ".example.com/v1", key, null, null, null,
        null, null, priority, 1, true, null);
  }

  private static RouteSpec withTargets(String name, Failover failover, TargetSpec... targets) {
    return new RouteSpec(name, MatchKind.EXACT, name + "-model", false, true, List.of(targets), failover);
  }

  private String key(RouterParts parts, Target target) { return parts.secrets().box().open(target.sealedApiKey()); }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void targetsAreStoredInOrderAndATargetWithoutAKeyKeepsTheOneOfItsName(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    Route route = parts.routes().save(withTargets("r", null, target("a", "sk-a", 1), target("b", "sk-b", 0)));
    assertEquals(List.of("a", "b"), route.targets().stream().map(Target::name).toList());

    Route moved = parts.routes().update(route.id(), withTargets("r", null, target("b", null, 0), target("a", null, 1),
        target("c", "sk-c", 0)), route.version());

    Route stored = parts.routes().find(moved.id()).orElseThrow();
    assertEquals(List.of("b", "a", "c"), stored.targets().stream().map(Target::name).toList());
    assertEquals(List.of("sk-b", "sk-a", "sk-c"), stored.targets().stream().map(t -> key(parts, t)).toList(),
        "keys follow their target's name, not its place");
    assertEquals("b", stored.primary().name(), "first enabled of the lowest priority, in list order");
    ActiveRoute active = parts.router().route("r-model").orElseThrow();
    assertEquals("sk-b", active.upstream().apiKey());
    assertEquals(List.of("b", "a", "c"), active.targets().stream().map(ActiveTarget::name).toList());

    parts.routes().update(route.id(), withTargets("r", null, target("c", null, 0)), stored.version());
    Route removed = parts.routes().find(route.id()).orElseThrow();
    assertEquals(List.of("c"), removed.targets().stream().map(Target::name).toList());
    assertEquals(1L, (long) parts.scratch().query("select count(*) from route_target where route_id = " + route.id(),
        rs -> { rs.next(); return rs.getLong(1); }), "removed targets are deleted");
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void anOldFormUpdateKeepsTheKeyOfTheRoutesOnlyTargetEvenIfItWasNamedOtherwise(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    Route route = parts.routes().save(withTargets("r", null, target("main", "sk-main", 0)));
    Route updated = parts.routes().save(spec("r", "r-*", null, false));
    assertEquals(TargetSpec.IMPLICIT_NAME, updated.targets().get(0).name());
    assertEquals("sk-main", key(parts, parts.routes().find(route.id()).orElseThrow().targets().get(0)));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void failoverSettingsAreStoredAndFallbacksMustNameRoutes(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    Failover failover = new Failover(5, true, List.of("backup"), "header:X-Session", new Timeouts(1000, 20000, 30000,
        null, 60000), 0);
    RouteService.InvalidRoute e = assertThrows(RouteService.InvalidRoute.class,
        () -> parts.routes().save(withTargets("r", failover, target("a", "k", 0))));
    assertEquals(List.of("fallbacks: no route named backup"), texts(e.problems()));

    parts.routes().save(withTargets("backup", null, target("x", "k", 0)));
    Route route = parts.routes().save(withTargets("r", failover, target("a", "k", 0)));

    assertEquals(failover, parts.routes().find(route.id()).orElseThrow().failover());
    assertEquals(failover, parts.router().route("r-model").orElseThrow().failover());
    Route plain = parts.routes().save(spec("plain", "p-*", "k", false));
    assertEquals(Failover.DEFAULT, plain.failover(), "null columns are the defaults");
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void aRouteWhoseTargetsAreAllDisabledServesNothing(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    TargetSpec off = new TargetSpec("off", ProviderKind.OPENAI, "https://off.example.com", "k", null, null, null, null,
        null, 0, 1, false, null);
    parts.routes().save(withTargets("r", null, off));
    assertTrue(parts.router().route("r-model").isEmpty());
  }

  /** Each problem as the admin API's message words it. */
  private static List<String> texts(List<Problem> problems) {
    return problems.stream().map(Problem::toString).toList();
  }
}
