package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.airouter.failover.AttemptOutcome.Answered;
import org.airouter.failover.AttemptOutcome.FailedAfterCommit;
import org.airouter.failover.AttemptOutcome.NoResponse;
import org.airouter.failover.AttemptOutcome.Rejected;
import org.airouter.failover.AttemptPlan.RouteTargets;
import org.airouter.failover.AttemptStep.Attempt;
import org.airouter.failover.AttemptStep.Finished;
import org.airouter.failover.AttemptStep.GiveUp;
import org.junit.jupiter.api.Test;

/** Issue 16, item 3 as a whole: the attempt loop's decisions over targets, fallbacks, attempts and the deadline. */
class AttemptPlanTest {
  private static final Duration TOOK = Duration.ofMillis(50);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final TargetHealthRegistry health = new TargetHealthRegistry(HealthPolicy.defaults(), clock);

  private static RouteTargets route(String name, Candidate... targets) { return new RouteTargets(name, List.of(targets)); }

  private static Candidate target(String route, String name, int priority) { return new Candidate(route, name, priority, 1); }

  private AttemptPlan plan(RetryRules rules, boolean replaySafe, Duration total, RouteTargets... chain) {
    return new AttemptPlan(List.of(chain), rules, replaySafe, Deadline.start(clock, total),
        new TargetPicker(new SplittableRandom(5)), new SameTargetWait(new SplittableRandom(5)), health, clock, null);
  }

  private AttemptPlan plan(RouteTargets... chain) { return plan(RetryRules.defaults(), true, Duration.ofSeconds(60), chain); }

  private static String where(AttemptStep step) {
    Attempt a = assertInstanceOf(Attempt.class, step);
    return a.route() + "/" + a.target().name();
  }

  @Test void aRetryableFailureGoesToTheNextTargetWithoutWaiting() {
    AttemptPlan plan = plan(route("r", target("r", "a", 0), target("r", "b", 1)));
    assertEquals("r/a", where(plan.first()));
    AttemptStep second = plan.after(new Rejected(503, "busy"), TOOK);
    assertEquals("r/b", where(second));
    assertEquals(Duration.ZERO, ((Attempt) second).waitBefore());
    assertEquals(2, ((Attempt) second).number());
    assertInstanceOf(Finished.class, plan.after(new Answered(), TOOK));
    assertEquals(2, plan.attempts());
  }

  @Test void aClientErrorIsRelayedAsItIs() {
    AttemptPlan plan = plan(route("r", target("r", "a", 0), target("r", "b", 0)));
    plan.first();
    Rejected bad = new Rejected(400, "bad request");
    assertEquals(new Finished(bad), plan.after(bad, TOOK));
  }

  @Test void atMostMaxAttemptsCallsFallbacksIncludedThenGiveUpWithHeaders() {
    AttemptPlan plan = plan(route("r", target("r", "a", 0), target("r", "b", 0)), route("f", target("f", "c", 0)),
        route("g", target("g", "d", 0)));
    List<String> calls = new ArrayList<>();
    AttemptStep step = plan.first();
    while (step instanceof Attempt) {
      calls.add(where(step));
      step = plan.after(new Rejected(502, "bad gateway"), TOOK);
    }
    assertEquals(3, calls.size());
    assertEquals("f/c", calls.get(2), "fallbacks come after the route's own targets");
    GiveUp giveUp = assertInstanceOf(GiveUp.class, step);
    assertEquals("false", giveUp.headers().get("x-should-retry"));
    assertEquals("1", giveUp.headers().get("retry-after"));
  }

  @Test void fallbacksAreTriedInOrderOnceTheRoutesTargetsAreExhausted() {
    AttemptPlan plan = plan(new RetryRules(5, false), true, Duration.ofSeconds(60), route("r", target("r", "a", 0)),
        route("f", target("f", "b", 0)), route("g", target("g", "c", 0)));
    assertEquals("r/a", where(plan.first()));
    assertEquals("f/b", where(plan.after(new NoResponse(false, false, "refused"), TOOK)));
    assertEquals("g/c", where(plan.after(new NoResponse(false, false, "refused"), TOOK)));
  }

  @Test void aSingleTargetRouteRetriesTheSameTargetAfterItsRetryAfter() {
    AttemptPlan plan = plan(route("r", target("r", "only", 0)));
    plan.first();
    AttemptStep again = plan.after(new Rejected(429, Optional.of(Duration.ofSeconds(2)), "slow down"), TOOK);
    assertEquals("r/only", where(again));
    assertEquals(Duration.ofSeconds(2), ((Attempt) again).waitBefore());
  }

  @Test void aRejectedKeyGoesToAnotherTargetButIsNeverRetriedOnItsOwn() {
    AttemptPlan two = plan(route("r", target("r", "a", 0), target("r", "b", 1)));
    two.first();
    assertEquals("r/b", where(two.after(new Rejected(401, "bad key"), TOOK)));

    AttemptPlan one = plan(route("r", target("r", "only", 0)));
    one.first();
    GiveUp giveUp = assertInstanceOf(GiveUp.class, one.after(new Rejected(403, "no access"), TOOK));
    assertEquals("false", giveUp.headers().get("x-should-retry"));
    assertEquals(1, one.attempts());
  }

  @Test void aSameTargetRetryDoesNotCutTheOpenTimeItsFailureBegan() {
    TargetKey only = new TargetKey("r", "only");
    TargetHealth h = health.of(only);
    for (int i = 0; i < 2; i++) {
      h.tryAcquire();
      h.record(new Rejected(500, "boom"), TOOK);
    }
    AttemptPlan plan = plan(route("r", target("r", "only", 0)));
    plan.first();
    assertEquals("r/only", where(plan.after(new Rejected(500, "boom"), TOOK)), "third failure in a row, retried");
    assertEquals(HealthState.OPEN, h.snapshot().state(), "still open: the retry took no probe");
  }

  @Test void aRetryAfterOverSixtySecondsEndsTheRetriesAndIsPassedOnInWholeSeconds() {
    AttemptPlan plan = plan(route("r", target("r", "only", 0)));
    plan.first();
    GiveUp giveUp = assertInstanceOf(GiveUp.class,
        plan.after(new Rejected(429, Optional.of(Duration.ofMillis(120_400)), "slow down"), TOOK));
    assertEquals(Map.of("x-should-retry", "false", "retry-after", "121"), giveUp.headers());
  }

  @Test void noWaitOutlivesTheDeadline() {
    AttemptPlan plan = plan(RetryRules.defaults(), true, Duration.ofSeconds(5), route("r", target("r", "only", 0)));
    plan.first();
    clock.advance(Duration.ofSeconds(2));
    assertInstanceOf(GiveUp.class, plan.after(new Rejected(503, Optional.of(Duration.ofSeconds(3)), "busy"), TOOK));
  }

  @Test void nothingIsTriedAfterTheDeadline() {
    AttemptPlan plan = plan(RetryRules.defaults(), true, Duration.ofSeconds(5), route("r", target("r", "a", 0),
        target("r", "b", 0)));
    plan.first();
    clock.advance(Duration.ofSeconds(5));
    assertInstanceOf(GiveUp.class, plan.after(new Rejected(503, "busy"), TOOK));
  }

  @Test void aRequestThatIsNotReplaySafeIsNeverSentTwice() {
    AttemptPlan plan = plan(RetryRules.defaults(), false, Duration.ofSeconds(60),
        route("r", target("r", "a", 0), target("r", "b", 0)));
    plan.first();
    assertInstanceOf(Finished.class, plan.after(new Rejected(503, "busy"), TOOK));
  }

  @Test void aTimeoutAfterSendingIsFinalUnlessRetryOnTimeout() {
    AttemptPlan strict = plan(route("r", target("r", "a", 0), target("r", "b", 0)));
    strict.first();
    assertInstanceOf(Finished.class, strict.after(new NoResponse(true, true, "timeout"), TOOK));
    AttemptPlan lenient = plan(new RetryRules(3, true), true, Duration.ofSeconds(60),
        route("r", target("r", "a", 0), target("r", "b", 0)));
    lenient.first();
    assertInstanceOf(Attempt.class, lenient.after(new NoResponse(true, true, "timeout"), TOOK));
  }

  @Test void aFailureAfterCommitIsNeverRetriedButCountsAgainstTheTarget() {
    AttemptPlan plan = plan(route("r", target("r", "a", 0), target("r", "b", 0)));
    Attempt first = (Attempt) plan.first();
    assertInstanceOf(Finished.class, plan.after(new FailedAfterCommit("overloaded after content"), TOOK));
    assertEquals("overloaded after content", health.of(first.target().key()).snapshot().lastError());
  }

  @Test void outcomesFeedHealthSoLaterRequestsAvoidABrokenTarget() {
    RouteTargets r = route("r", target("r", "a", 0), target("r", "b", 1));
    for (int i = 0; i < 3; i++) {
      AttemptPlan plan = plan(r);
      assertEquals("r/a", where(plan.first()));
      assertEquals("r/b", where(plan.after(new Rejected(500, "boom"), TOOK)));
      plan.after(new Answered(), TOOK);
    }
    assertEquals(HealthState.OPEN, health.of(new TargetKey("r", "a")).snapshot().state());
    assertEquals("r/b", where(plan(r).first()));
  }

  @Test void aHealthyFallbackIsPreferredToForcingATargetKnownToBeDown() {
    openTarget("r", "a");
    AttemptPlan plan = plan(route("r", target("r", "a", 0)), route("f", target("f", "b", 0)));
    assertEquals("f/b", where(plan.first()));
  }

  @Test void whenNothingIsAvailableTheSoonestIsTriedAnywayAndTheGiveUpSaysWhenToComeBack() {
    openTarget("r", "a");
    AttemptPlan plan = plan(new RetryRules(1, false), true, Duration.ofSeconds(60), route("r", target("r", "a", 0)));
    assertEquals("r/a", where(plan.first()), "a single-target route never refuses on its own");
    assertInstanceOf(Finished.class, plan.after(new Rejected(503, "busy"), TOOK), "maxAttempts 1: the client retries");
  }

  @Test void everyTargetDisabledGivesUpWithoutAnAttempt() {
    AttemptPlan plan = plan(route("r", new Candidate(new TargetKey("r", "a"), 0, 1, false)));
    GiveUp giveUp = assertInstanceOf(GiveUp.class, plan.first());
    assertNull(giveUp.last());
    assertEquals(0, plan.attempts());
  }

  @Test void anAbandonedAttemptFreesTheProbeForTheNextRequest() {
    openTarget("r", "a");
    clock.advance(Duration.ofSeconds(11));
    AttemptPlan plan = plan(route("r", target("r", "a", 0)));
    assertEquals("r/a", where(plan.first()));
    assertTrue(!health.available(new TargetKey("r", "a")), "the probe is out");
    plan.abandon();
    assertTrue(health.available(new TargetKey("r", "a")));
  }

  private void openTarget(String route, String name) {
    TargetHealth h = health.of(new TargetKey(route, name));
    for (int i = 0; i < 3; i++) {
      h.tryAcquire();
      h.record(new NoResponse(false, false, "refused"), TOOK);
    }
  }
}
