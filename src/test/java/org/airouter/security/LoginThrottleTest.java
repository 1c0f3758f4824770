package org.airouter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  final ManualClock clock = new ManualClock();
  final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(2), Duration.ofSeconds(30), clock);

  @Test void freeFailuresThenADoublingLockOutPerAddress() {
    for (int i = 0; i < 3; i++) assertEquals(Duration.ZERO, throttle.failed("10.0.0.1"));
    assertEquals(Duration.ZERO, throttle.wait("10.0.0.1"));
    assertEquals(Duration.ofSeconds(2), throttle.failed("10.0.0.1"));
    assertEquals(Duration.ofSeconds(2), throttle.wait("10.0.0.1"));
    assertEquals(Duration.ZERO, throttle.wait("10.0.0.2"), "another address is not affected");
    clock.now = clock.now.plusSeconds(2);
    assertEquals(Duration.ZERO, throttle.wait("10.0.0.1"));
    assertEquals(Duration.ofSeconds(4), throttle.failed("10.0.0.1"));
    assertEquals(Duration.ofSeconds(8), throttle.failed("10.0.0.1"));
    assertEquals(Duration.ofSeconds(16), throttle.failed("10.0.0.1"));
    assertEquals(Duration.ofSeconds(30), throttle.failed("10.0.0.1"), "capped");
  }

  @Test void successClearsTheAddress() {
    for (int i = 0; i < 4; i++) throttle.failed("10.0.0.1");
    throttle.succeeded("10.0.0.1");
    assertEquals(Duration.ZERO, throttle.wait("10.0.0.1"));
    assertEquals(Duration.ZERO, throttle.failed("10.0.0.1"), "free attempts again");
  }
}
