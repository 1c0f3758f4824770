package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.airouter.failover.AttemptOutcome.NoResponse;
import org.airouter.failover.AttemptOutcome.Rejected;
import org.junit.jupiter.api.Test;

/** Issue 16, item 5: health per (route, target), across config reloads, as selection and the console see it. */
class TargetHealthRegistryTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final TargetHealthRegistry registry = new TargetHealthRegistry(HealthPolicy.defaults(), clock);
  private final TargetKey a = new TargetKey("r", "a");
  private final TargetKey b = new TargetKey("r", "b");

  private void open(TargetKey key) {
    for (int i = 0; i < 3; i++) {
      registry.of(key).tryAcquire();
      registry.of(key).record(new NoResponse(false, false, "refused"), Duration.ofMillis(5));
    }
  }

  @Test void anUnchangedTargetKeepsItsStateAcrossAReload() {
    registry.reconcile(Map.of(a, "https://a/ key1", b, "https://b/ key2"));
    TargetHealth before = registry.of(a);
    open(a);
    registry.reconcile(Map.of(a, "https://a/ key1", b, "https://b/ key2"));
    assertSame(before, registry.of(a));
    assertFalse(registry.available(a));
  }

  @Test void aTargetWhoseDefinitionChangedStartsFresh() {
    registry.reconcile(Map.of(a, "https://a/ key1"));
    registry.of(a).record(new Rejected(401, "bad key"), Duration.ofMillis(5));
    assertEquals(HealthState.AUTH_FAILED, registry.of(a).snapshot().state());
    TargetHealth before = registry.of(a);
    registry.reconcile(Map.of(a, "https://a/ key1-fixed"));
    assertNotSame(before, registry.of(a));
    assertTrue(registry.available(a));
    assertEquals(HealthState.CLOSED, registry.of(a).snapshot().state());
  }

  @Test void aTargetSeenBeforeTheFirstReloadIsAdoptedByIt() {
    open(a);
    TargetHealth before = registry.of(a);
    registry.reconcile(Map.of(a, "x"));
    assertSame(before, registry.of(a));
    registry.reconcile(Map.of(a, "x"));
    assertSame(before, registry.of(a));
  }

  @Test void theProductionRandomSourceServesSelectionFromAnyThread() throws Exception {
    TargetPicker picker = new TargetPicker(PerThreadRandom.INSTANCE);
    List<Candidate> targets = List.of(new Candidate("r", "a", 0, 1), new Candidate("r", "b", 0, 1));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 200; i++) seen.add(picker.pick(targets, Set.of(), registry, null).orElseThrow().name());
      });
      threads[t].start();
    }
    for (Thread t : threads) t.join();
    assertEquals(Set.of("a", "b"), seen);
  }

  @Test void aRemovedTargetIsForgotten() {
    registry.reconcile(Map.of(a, "x", b, "y"));
    open(b);
    registry.reconcile(Map.of(a, "x"));
    assertEquals(List.of(a), registry.snapshot().stream().map(HealthSnapshot::key).toList());
    assertTrue(registry.available(b), "unknown targets count as healthy");
  }

  @Test void healthIsPerRouteAndTargetName() {
    TargetKey sameNameOtherRoute = new TargetKey("other", "a");
    open(a);
    assertFalse(registry.available(a));
    assertTrue(registry.available(sameNameOtherRoute));
  }

  @Test void selectionSkipsAnOpenTargetAndForcesTheSoonestWhenAllAreDown() {
    TargetPicker picker = new TargetPicker(new SplittableRandom(3));
    List<Candidate> targets = List.of(new Candidate("r", "a", 0, 1), new Candidate("r", "b", 0, 1));
    open(a);
    for (int i = 0; i < 50; i++) assertEquals("b", picker.pick(targets, Set.of(), registry, null).orElseThrow().name());
    clock.advance(Duration.ofSeconds(4));
    open(b);   // b reopens 4 s after a
    assertEquals("a", picker.pick(targets, Set.of(), registry, null).orElseThrow().name());
  }

  @Test void theSnapshotListsEveryTargetsStateLastErrorAndReopeningTime() {
    registry.of(b).record(new Rejected(429, Optional.of(Duration.ofSeconds(7)), "rate limited"),
        Duration.ofMillis(5));
    open(a);
    List<HealthSnapshot> all = registry.snapshot();
    assertEquals(2, all.size());
    assertEquals(new HealthSnapshot(a, HealthState.OPEN, 0, "refused", clock.instant(), clock.instant().plusSeconds(10)),
        all.get(0));
    assertEquals(new HealthSnapshot(b, HealthState.COOLING, 429, "rate limited", clock.instant(),
        clock.instant().plusSeconds(7)), all.get(1));
  }
}
