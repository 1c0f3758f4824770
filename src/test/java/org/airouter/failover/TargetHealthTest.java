package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.airouter.failover.AttemptOutcome.Answered;
import org.airouter.failover.AttemptOutcome.NoResponse;
import org.airouter.failover.AttemptOutcome.Rejected;
import org.junit.jupiter.api.Test;

/** Issue 16, item 5: one target's health, on a clock the test moves (nothing sleeps). */
class TargetHealthTest {
  private static final Duration TOOK = Duration.ofMillis(20);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final TargetHealth health = new TargetHealth(new TargetKey("r", "a"), HealthPolicy.defaults(), clock);

  private void fail() {
    assertTrue(health.tryAcquire());
    health.record(new NoResponse(false, false, "connection refused"), TOOK);
  }

  private void succeed() {
    assertTrue(health.tryAcquire());
    health.record(new Answered(), TOOK);
  }

  private void pastOpenTime(long seconds) { clock.advance(Duration.ofSeconds(seconds).plusMillis(1)); }

  private Instant in(long seconds) { return clock.instant().plusSeconds(seconds); }

  @Test void threeConsecutiveFailuresOpenItForTenSeconds() {
    fail();
    fail();
    assertEquals(HealthState.CLOSED, health.snapshot().state());
    Instant opened = clock.instant();
    fail();
    HealthSnapshot s = health.snapshot();
    assertEquals(HealthState.OPEN, s.state());
    assertEquals(opened.plusSeconds(10), s.reopensAt());
    assertFalse(health.available());
    assertFalse(health.tryAcquire(), "an open breaker takes no request");
    clock.advance(Duration.ofSeconds(10));
    assertFalse(health.available(), "reopens strictly after reopensAt, as Resilience4j does");
    clock.advance(Duration.ofMillis(1));
    assertTrue(health.available());
    assertEquals(HealthState.HALF_OPEN, health.snapshot().state());
  }

  @Test void aSuccessBetweenFailuresResetsTheCount() {
    fail();
    fail();
    succeed();
    fail();
    fail();
    assertEquals(HealthState.CLOSED, health.snapshot().state());
  }

  @Test void thenExactlyOneProbeDecides() {
    fail();
    fail();
    fail();
    pastOpenTime(10);
    assertTrue(health.tryAcquire(), "the probe");
    assertFalse(health.tryAcquire(), "no second request while the probe is out");
    assertFalse(health.available(), "selection skips a target whose probe is out");
    health.record(new Answered(), TOOK);
    assertEquals(HealthState.CLOSED, health.snapshot().state());
    assertTrue(health.available());
    assertNull(health.snapshot().reopensAt());
  }

  @Test void eachFailedProbeDoublesTheOpenTimeUpToFiveMinutes() {
    fail();
    fail();
    fail();
    long[] expected = {20, 40, 80, 160, 300, 300};
    pastOpenTime(10);
    for (long seconds : expected) {
      assertTrue(health.tryAcquire(), "probe");
      health.record(new Rejected(502, "bad gateway"), TOOK);
      assertEquals(in(seconds), health.snapshot().reopensAt());
      assertEquals(HealthState.OPEN, health.snapshot().state());
      pastOpenTime(seconds);
    }
  }

  @Test void closingStartsTheDoublingAgain() {
    fail();
    fail();
    fail();
    pastOpenTime(10);
    assertTrue(health.tryAcquire());
    health.record(new Rejected(500, "boom"), TOOK);   // 20 s now
    pastOpenTime(20);
    succeed();
    fail();
    fail();
    fail();
    assertEquals(in(10), health.snapshot().reopensAt());
  }

  @Test void aFailureRateOfHalfOfTenCallsInSixtySecondsOpensIt() {
    for (int i = 0; i < 4; i++) {
      fail();
      succeed();
      clock.advance(Duration.ofSeconds(1));
    }
    fail();   // 9 calls, 5 failed: too few calls to judge
    assertEquals(HealthState.CLOSED, health.snapshot().state());
    succeed();   // 10 calls, 5 failed: 50 %
    assertEquals(HealthState.OPEN, health.snapshot().state());
  }

  @Test void callsOlderThanTheWindowDoNotCount() {
    for (int i = 0; i < 4; i++) {
      fail();
      succeed();
    }
    clock.advance(Duration.ofSeconds(61));
    fail();
    succeed();
    assertEquals(HealthState.CLOSED, health.snapshot().state(), "the first 8 calls left the 60 s window");
  }

  @Test void aRetryAfterCoolsTheTargetAndALaterLongerOneExtendsButAShorterOneNeverShortens() {
    Instant start = clock.instant();
    health.tryAcquire();
    health.record(new Rejected(429, Optional.of(Duration.ofSeconds(30)), "slow down"), TOOK);
    assertEquals(HealthState.COOLING, health.snapshot().state());
    assertEquals(start.plusSeconds(30), health.snapshot().reopensAt());
    assertFalse(health.available());
    clock.advance(Duration.ofSeconds(5));
    health.record(new Rejected(429, Optional.of(Duration.ofSeconds(2)), "slow down"), TOOK);   // LiteLLM #40130
    assertEquals(start.plusSeconds(30), health.snapshot().reopensAt(), "never shortened");
    health.record(new Rejected(429, Optional.of(Duration.ofSeconds(60)), "slow down"), TOOK);
    assertEquals(start.plusSeconds(65), health.snapshot().reopensAt(), "extended");
    clock.advance(Duration.ofSeconds(61));
    assertTrue(health.available());
    assertEquals(HealthState.CLOSED, health.snapshot().state());
  }

  @Test void a503Or529CoolsTooAndCountsAsAFailure() {
    health.tryAcquire();
    health.record(new Rejected(529, Optional.of(Duration.ofSeconds(3)), "overloaded"), TOOK);
    assertEquals(in(3), health.snapshot().reopensAt());
    clock.advance(Duration.ofSeconds(3));
    health.tryAcquire();
    health.record(new Rejected(503, "unavailable"), TOOK);
    assertEquals(in(1), health.snapshot().reopensAt(), "no retry-after: 1 s");
    clock.advance(Duration.ofSeconds(1));
    health.tryAcquire();
    health.record(new Rejected(503, "unavailable"), TOOK);
    assertEquals(HealthState.OPEN, health.snapshot().state(), "three failures in a row");
  }

  @Test void aRateLimitIsNoFailure() {
    for (int i = 0; i < 5; i++) {
      health.tryAcquire();
      health.record(new Rejected(429, "slow down"), TOOK);
      clock.advance(Duration.ofSeconds(2));
    }
    assertEquals(HealthState.CLOSED, health.snapshot().state());
  }

  @Test void anAbsurdRetryAfterCoolsForFiveMinutesAtMost() {
    health.record(new Rejected(429, Optional.of(Duration.ofDays(1)), "come back tomorrow"), TOOK);
    assertEquals(in(300), health.snapshot().reopensAt());
  }

  @Test void anAuthFailureOpensItForFiveMinutesAndFlagsIt() {
    health.tryAcquire();
    health.record(new Rejected(401, "Incorrect API key provided"), TOOK);
    HealthSnapshot s = health.snapshot();
    assertEquals(HealthState.AUTH_FAILED, s.state());
    assertEquals(in(300), s.reopensAt());
    assertEquals(401, s.lastErrorStatus());
    assertEquals("Incorrect API key provided", s.lastError());
    pastOpenTime(300);
    assertTrue(health.tryAcquire(), "the probe after five minutes");
    assertEquals(HealthState.AUTH_FAILED, health.snapshot().state());
    health.record(new Answered(), TOOK);
    assertEquals(HealthState.CLOSED, health.snapshot().state(), "the key works again: flag cleared");
  }

  @Test void clientErrorsDoNotHurtTheTarget() {
    for (int i = 0; i < 12; i++) {
      health.tryAcquire();
      health.record(new Rejected(400, "bad request"), TOOK);
    }
    assertEquals(HealthState.CLOSED, health.snapshot().state());
  }

  @Test void anAbandonedProbeFreesThePermit() {
    fail();
    fail();
    fail();
    pastOpenTime(10);
    assertTrue(health.tryAcquire());
    health.release();
    assertTrue(health.available());
    assertTrue(health.tryAcquire(), "the next request probes instead");
  }

  @Test void aForcedAttemptOnAnOpenTargetIsItsProbe() {
    fail();
    fail();
    fail();
    health.acquireAnyway();
    assertFalse(health.tryAcquire(), "the forced attempt holds the probe");
    health.record(new Answered(), TOOK);
    assertEquals(HealthState.CLOSED, health.snapshot().state());
  }

  @Test void theLastErrorIsShortAndTimed() {
    health.tryAcquire();
    health.record(new Rejected(500, "x".repeat(1000)), TOOK);
    HealthSnapshot s = health.snapshot();
    assertTrue(s.lastError().length() <= 201);
    assertEquals(clock.instant(), s.lastErrorAt());
    health.tryAcquire();
    health.record(new NoResponse(false, false, "connection refused"), TOOK);
    assertEquals(0, health.snapshot().lastErrorStatus());
  }
}
