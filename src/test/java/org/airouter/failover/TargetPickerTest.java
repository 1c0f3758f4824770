package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Issue 16, item 2 (selection), rule by rule. */
class TargetPickerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final TargetPicker picker = new TargetPicker(new SplittableRandom(42));

  private static Candidate target(String name, int priority, int weight) { return new Candidate("r", name, priority, weight); }

  private String pick(List<Candidate> targets, Set<String> tried, HealthView health) {
    return picker.pick(targets, tried, health, null).map(Candidate::name).orElse(null);
  }

  @Test void disabledTargetsAreNeverPicked() {
    List<Candidate> targets = List.of(new Candidate(new TargetKey("r", "off"), 0, 100, false), target("on", 1, 1));
    for (int i = 0; i < 200; i++) assertEquals("on", pick(targets, Set.of(), HealthView.ALL_HEALTHY));
  }

  @Test void theLowestPriorityTierIsPreferred() {
    List<Candidate> targets = List.of(target("backup", 1, 100), target("main", 0, 1));
    for (int i = 0; i < 200; i++) assertEquals("main", pick(targets, Set.of(), HealthView.ALL_HEALTHY));
  }

  @Test void triedTargetsAreExcludedByNameAndTheTierIsKeptWhileItHasTargets() {
    // new-api #6095: a retry count used as a tier index skipped to the next tier although "b" was left in the first.
    List<Candidate> targets = List.of(target("a", 0, 1), target("b", 0, 1), target("c", 1, 1));
    assertEquals("b", pick(targets, Set.of("a"), HealthView.ALL_HEALTHY));
    assertEquals("a", pick(targets, Set.of("b"), HealthView.ALL_HEALTHY));
    assertEquals("c", pick(targets, Set.of("a", "b"), HealthView.ALL_HEALTHY));
    assertEquals(null, pick(targets, Set.of("a", "b", "c"), HealthView.ALL_HEALTHY));
  }

  @Test void aListThatChangedBetweenAttemptsSkipsNoTier() {
    // Between two attempts the operator disabled "b" and reordered the list: the next pick is still by name.
    List<Candidate> before = List.of(target("a", 0, 1), target("b", 0, 1), target("c", 1, 1), target("d", 2, 1));
    assertEquals("b", pick(before, Set.of("a"), HealthView.ALL_HEALTHY));
    List<Candidate> after = List.of(target("d", 2, 1), new Candidate(new TargetKey("r", "b"), 0, 1, false),
        target("c", 1, 1), target("a", 0, 1));
    assertEquals("c", pick(after, Set.of("a"), HealthView.ALL_HEALTHY));
  }

  @Test void tierFallThroughWhenTheWholeTierIsUnhealthy() {
    List<Candidate> targets = List.of(target("a", 0, 1), target("b", 0, 1), target("c", 1, 1));
    FakeHealth health = new FakeHealth(NOW).down("a", NOW.plusSeconds(10)).down("b", NOW.plusSeconds(5));
    for (int i = 0; i < 100; i++) assertEquals("c", pick(targets, Set.of(), health));
  }

  @Test void whenEveryTargetIsUnavailableTheOneThatRecoversSoonestIsTriedAnyway() {
    List<Candidate> targets = List.of(target("a", 0, 1), target("b", 1, 1));
    FakeHealth health = new FakeHealth(NOW).down("a", NOW.plusSeconds(30)).down("b", NOW.plusSeconds(5));
    assertEquals("b", pick(targets, Set.of(), health));
  }

  @Test void aSingleTargetRouteNeverRefusesOnItsOwn() {
    // LiteLLM PR #5673: cooling the only deployment turned a blip into an outage.
    List<Candidate> targets = List.of(target("only", 0, 1));
    assertEquals("only", pick(targets, Set.of(), new FakeHealth(NOW).down("only", NOW.plusSeconds(300))));
  }

  @Test void afterAnAttemptUnavailableTargetsAreSkippedNotForced() {
    List<Candidate> targets = List.of(target("a", 0, 1), target("b", 0, 1));
    assertEquals(null, pick(targets, Set.of("a"), new FakeHealth(NOW).down("b", NOW.plusSeconds(5))));
  }

  @Test void weightsHoldStatistically() {
    // 10,000 draws with a fixed seed; chi-square with 2 degrees of freedom must stay under 13.82 (p = 0.001).
    List<Candidate> targets = List.of(target("a", 0, 1), target("b", 0, 2), target("c", 0, 7));
    Map<String, Integer> counts = new HashMap<>();
    int draws = 10_000;
    for (int i = 0; i < draws; i++) counts.merge(pick(targets, Set.of(), HealthView.ALL_HEALTHY), 1, Integer::sum);
    double chi = chiSquare(counts, Map.of("a", 0.1, "b", 0.2, "c", 0.7), draws);
    assertTrue(chi < 13.82, "chi-square " + chi + " for " + counts);
  }

  @Test void weightsHoldInsideTheTierLeftAfterExclusion() {
    List<Candidate> targets = List.of(target("a", 0, 5), target("b", 0, 1), target("c", 0, 3));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) counts.merge(pick(targets, Set.of("a"), HealthView.ALL_HEALTHY), 1, Integer::sum);
    double chi = chiSquare(counts, Map.of("b", 0.25, "c", 0.75), 10_000);
    assertTrue(chi < 10.83, "chi-square " + chi + " for " + counts);   // 1 degree of freedom, p = 0.001
  }

  @Test void aZeroWeightTargetIsNeverPicked() {
    List<Candidate> targets = List.of(target("a", 0, 0), target("b", 0, 1));
    for (int i = 0; i < 200; i++) assertEquals("b", pick(targets, Set.of(), HealthView.ALL_HEALTHY));
  }

  @Test void theSameSeedGivesTheSameSequence() {
    List<Candidate> targets = List.of(target("a", 0, 1), target("b", 0, 1), target("c", 0, 1));
    TargetPicker one = new TargetPicker(new SplittableRandom(7));
    TargetPicker two = new TargetPicker(new SplittableRandom(7));
    for (int i = 0; i < 50; i++) {
      assertEquals(one.pick(targets, Set.of(), HealthView.ALL_HEALTHY, null),
          two.pick(targets, Set.of(), HealthView.ALL_HEALTHY, null));
    }
  }

  @Test void stickinessPicksTheSameTargetForTheSameKey() {
    List<Candidate> targets = List.of(target("a", 0, 1), target("b", 0, 1), target("c", 0, 1));
    for (int user = 0; user < 100; user++) {
      Optional<Candidate> first = picker.pick(targets, Set.of(), HealthView.ALL_HEALTHY, "user-" + user);
      for (int i = 0; i < 5; i++) assertEquals(first, picker.pick(targets, Set.of(), HealthView.ALL_HEALTHY, "user-" + user));
    }
  }

  @Test void stickinessSpreadsKeysByWeight() {
    List<Candidate> targets = List.of(target("a", 0, 1), target("b", 0, 3));
    Map<String, Integer> counts = new HashMap<>();
    for (int user = 0; user < 10_000; user++) {
      counts.merge(picker.pick(targets, Set.of(), HealthView.ALL_HEALTHY, "user-" + user).orElseThrow().name(), 1,
          Integer::sum);
    }
    double chi = chiSquare(counts, Map.of("a", 0.25, "b", 0.75), 10_000);
    assertTrue(chi < 10.83, "chi-square " + chi + " for " + counts);
  }

  @Test void stickinessNeverOverridesHealthNorTier() {
    List<Candidate> targets = List.of(target("a", 0, 1), target("b", 0, 1), target("c", 1, 1));
    FakeHealth aDown = new FakeHealth(NOW).down("a", NOW.plusSeconds(60));
    List<String> movedOffA = new ArrayList<>();
    for (int user = 0; user < 1000; user++) {
      String key = "user-" + user;
      String healthy = picker.pick(targets, Set.of(), HealthView.ALL_HEALTHY, key).orElseThrow().name();
      String withADown = picker.pick(targets, Set.of(), aDown, key).orElseThrow().name();
      assertTrue(!healthy.equals("c"), "a sticky key must not leave the preferred tier");
      assertTrue(!withADown.equals("a"), "a sticky key must not pick an unhealthy target");
      if (healthy.equals("a")) movedOffA.add(withADown);
      else assertEquals(healthy, withADown, "only the keys that were on the unhealthy target move");
    }
    assertTrue(!movedOffA.isEmpty() && Collections.frequency(movedOffA, "b") == movedOffA.size());
  }

  private static double chiSquare(Map<String, Integer> counts, Map<String, Double> shares, int draws) {
    double chi = 0;
    for (Map.Entry<String, Double> e : shares.entrySet()) {
      double expected = e.getValue() * draws;
      double diff = counts.getOrDefault(e.getKey(), 0) - expected;
      chi += diff * diff / expected;
    }
    assertEquals(shares.keySet(), counts.keySet(), "no target outside the expected ones");
    return chi;
  }
}
