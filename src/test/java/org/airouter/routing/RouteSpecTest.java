package org.airouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.airouter.provider.ProviderKind;
import org.airouter.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules a route's targets and failover settings must keep, as RouteSpec.problems() states them. */
class RouteSpecTest {
  static TargetSpec target(String name, int priority, int weight, boolean enabled) {
    return new TargetSpec(name, ProviderKind.OPENAI, "https://" + name + ".example.com/v1", null, null, null, null,
        null, null, priority, weight, enabled, null);
  }

  static RouteSpec route(List<TargetSpec> targets, Failover failover) {
    return new RouteSpec("r", MatchKind.EXACT, "gpt-4o", false, true, targets, failover);
  }

  @Test void theOldFormIsOneImplicitTargetWithTheDefaults() {
    RouteSpec spec = new RouteSpec("r", MatchKind.EXACT, "m", ProviderKind.AZURE, "https://a.example.com", "k", "up",
        false, true, "2025-01-01", Map.of("m", "d"), null, Map.of("q", "1"));
    TargetSpec only = spec.targets().get(0);
    assertEquals(1, spec.targets().size());
    assertEquals(TargetSpec.IMPLICIT_NAME, only.name());
    assertEquals(0, only.priority());
    assertEquals(1, only.weight());
    assertTrue(only.enabled());
    assertEquals(Timeouts.NONE, only.timeouts());
    assertEquals(Failover.DEFAULT, spec.failover());
    assertEquals(List.of(), texts(spec.problems()));
  }

  @Test void aRouteNeedsATarget() {
    assertEquals(List.of("targets: a route needs at least one target"), texts(route(List.of(), null).problems()));
  }

  @Test void targetNamesAreUniqueInTheRoute() {
    assertEquals(List.of("targets[2].name: a is already the name of another target"),
        texts(route(List.of(target("a", 0, 1, true), target("b", 0, 1, true), target("a", 1, 1, true)), null).problems()));
  }

  @Test void severalTargetsNameTheirFieldsByIndexOneTargetPlainly() {
    TargetSpec bad = new TargetSpec("b", ProviderKind.OPENAI, "ftp://x", null, null, null, null, null, null, 0, 0,
        true, null);
    assertEquals(List.of("targets[1].baseUrl: must be an http or https URL", "targets[1].weight: between 1 and 1000000"),
        texts(route(List.of(target("a", 0, 1, true), bad), null).problems()));
    assertEquals(List.of("baseUrl: must be an http or https URL", "weight: between 1 and 1000000"),
        texts(route(List.of(bad), null).problems()), "one target reads as a route written the old way");
    assertEquals(List.of("targets[0].name: must not be blank"), texts(route(List.of(new TargetSpec(" ",
        ProviderKind.OPENAI, "https://a.example.com", null, null, null, null, null, null, 0, 1, true, null)), null).problems()),
        "a blank target name is never taken for the route's name");
  }

  @Test void priorityAndWeightHaveBounds() {
    assertEquals(List.of("targets[0].priority: between -1000000 and 1000000", "targets[1].weight: between 1 and 1000000"),
        texts(route(List.of(target("a", 2_000_000, 1, true), target("b", -5, 1_000_001, true)), null).problems()));
  }

  @Test void theRouteCannotFallBackToItselfOrNameAFallbackTwice() {
    Failover f = new Failover(3, false, List.of("other", "r", "other", " "), null, null, null);
    assertEquals(List.of("fallbacks: a route cannot fall back to itself", "fallbacks: other is named twice",
        "fallbacks: route names must not be blank"), texts(route(List.of(target("a", 0, 1, true)), f).problems()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"user", "header:X-Session-Id"})
  void stickyIsUserOrAHeader(String sticky) {
    assertEquals(List.of(), texts(route(List.of(target("a", 0, 1, true)),
        new Failover(3, false, null, sticky, null, null)).problems()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"users", "header:", "header:a b", "cookie:x"})
  void otherStickinessIsRefused(String sticky) {
    assertEquals(List.of("sticky: must be user or header:<name>"),
        texts(route(List.of(target("a", 0, 1, true)), new Failover(3, false, null, sticky, null, null)).problems()));
  }

  @Test void attemptsTimeoutsAndKeepaliveHaveBounds() {
    Failover f = new Failover(0, false, null, null, new Timeouts(0, null, null, null, 3_600_001), -1);
    TargetSpec slow = new TargetSpec("a", ProviderKind.OPENAI, "https://a.example.com", null, null, null, null, null,
        null, 0, 1, true, new Timeouts(null, -1, null, null, null));
    assertEquals(List.of("targets[0].timeouts.firstByteMs: between 1 and 3600000 ms, or null",
        "maxAttempts: between 1 and 10", "timeouts.connectMs: between 1 and 3600000 ms, or null",
        "timeouts.totalMs: between 1 and 3600000 ms, or null",
        "keepaliveAfterMs: between 0 (never) and 3600000 ms, or null"), texts(route(List.of(slow), f).problems()));
  }

  @Test void thePrimaryTargetIsTheFirstEnabledOfTheLowestPriority() {
    RouteSpec spec = route(List.of(target("off", -1, 1, false), target("late", 1, 1, true),
        target("first", 0, 1, true), target("second", 0, 1, true)), null);
    assertEquals("first", spec.primary().name());
  }

  /** Each problem as the admin API's message words it. */
  private static List<String> texts(List<Problem> problems) {
    return problems.stream().map(Problem::toString).toList();
  }
}
