package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Issue 16, item 3: one deadline per client request covers every attempt. */
class DeadlineTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test void theTotalDefaultsToTheFirstByteTimeout() {
    assertEquals(Duration.ofSeconds(30), Deadline.total(null, Duration.ofSeconds(30)));
    assertEquals(Duration.ofSeconds(30), Deadline.total(0L, Duration.ofSeconds(30)));
    assertEquals(Duration.ofMillis(45_000), Deadline.total(45_000L, Duration.ofSeconds(30)));
  }

  @Test void everyAttemptIsCutToWhatIsLeft() {
    Deadline deadline = Deadline.start(clock, Duration.ofSeconds(10));
    assertEquals(Duration.ofSeconds(4), deadline.bound(Duration.ofSeconds(4)));
    clock.advance(Duration.ofSeconds(4));   // first attempt timed out
    assertEquals(Duration.ofSeconds(4), deadline.bound(Duration.ofSeconds(4)));
    clock.advance(Duration.ofSeconds(4));   // second one too
    assertEquals(Duration.ofSeconds(2), deadline.bound(Duration.ofSeconds(4)), "three attempts of 4 s fit in 10 s");
    clock.advance(Duration.ofSeconds(2));
    assertTrue(deadline.expired());
    assertEquals(Duration.ZERO, deadline.bound(Duration.ofSeconds(4)));
  }

  @Test void aWaitMustLeaveTimeForTheAttemptAfterIt() {
    Deadline deadline = Deadline.start(clock, Duration.ofSeconds(10));
    assertTrue(deadline.leavesTimeAfter(Duration.ofSeconds(9)));
    assertFalse(deadline.leavesTimeAfter(Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(20));
    assertEquals(Duration.ZERO, deadline.remaining());
  }
}
