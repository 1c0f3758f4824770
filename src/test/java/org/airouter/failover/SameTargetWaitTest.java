package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 16, item 3: waits on the same target; retry-after parsing; the headers after the router's retries. */
class SameTargetWaitTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final SameTargetWait waits = new SameTargetWait(new SplittableRandom(1));

  @Test void honoursRetryAfterUpToSixtySeconds() {
    assertEquals(Optional.of(Duration.ofSeconds(7)), waits.before(1, Optional.of(Duration.ofSeconds(7))));
    assertEquals(Optional.of(Duration.ofSeconds(60)), waits.before(1, Optional.of(Duration.ofSeconds(60))));
    assertEquals(Optional.empty(), waits.before(1, Optional.of(Duration.ofSeconds(61))), "longer: no retry there");
  }

  @Test void withoutRetryAfterBacksOffExponentiallyWithJitterAndACap() {
    for (int i = 0; i < 200; i++) {
      assertBetween(250, 500, waits.before(1, Optional.empty()).orElseThrow());
      assertBetween(500, 1000, waits.before(2, Optional.empty()).orElseThrow());
      assertBetween(1000, 2000, waits.before(3, Optional.empty()).orElseThrow());
      assertBetween(4000, 8000, waits.before(30, Optional.empty()).orElseThrow());
    }
  }

  @Test void jitterSpreadsTheWaits() {
    long distinct = IntStream.range(0, 50)
        .mapToObj(i -> waits.before(3, Optional.empty()).orElseThrow()).distinct().count();
    assertTrue(distinct > 10, "only " + distinct + " distinct waits");
  }

  @Test void retryAfterReadsSecondsMillisecondsAndHttpDates() {
    assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfter.from(Map.of("retry-after", "3")::get, clock));
    assertEquals(Optional.of(Duration.ofMillis(1500)), RetryAfter.from(Map.of("retry-after", "1.5")::get, clock));
    assertEquals(Optional.of(Duration.ofMillis(250)),
        RetryAfter.from(Map.of("retry-after-ms", "250", "retry-after", "1")::get, clock), "the finer one first");
    assertEquals(Optional.of(Duration.ofSeconds(90)),
        RetryAfter.from(Map.of("retry-after", "Thu, 01 Jan 2026 00:01:30 GMT")::get, clock));
    assertEquals(Optional.of(Duration.ZERO),
        RetryAfter.from(Map.of("retry-after", "Wed, 31 Dec 2025 23:00:00 GMT")::get, clock));
    assertEquals(Optional.empty(), RetryAfter.from(Map.of("retry-after", "soon")::get, clock));
    assertEquals(Optional.empty(), RetryAfter.from(Map.of("retry-after", "-4")::get, clock));
    assertEquals(Optional.empty(), RetryAfter.from(Map.<String, String>of()::get, clock));
  }

  @Test void theErrorAfterTheRoutersRetriesTellsSdksNotToRetryAndWhenToComeBackInWholeSeconds() {
    assertEquals(Map.of("x-should-retry", "false", "retry-after", "3"),
        ClientRetryHeaders.afterRetries(Duration.ofMillis(2001)));
    assertEquals("2", ClientRetryHeaders.afterRetries(Duration.ofSeconds(2)).get("retry-after"));
    assertEquals("1", ClientRetryHeaders.afterRetries(Duration.ofMillis(10)).get("retry-after"));
    assertEquals("1", ClientRetryHeaders.afterRetries(null).get("retry-after"));
  }

  private static void assertBetween(long lowMs, long highMs, Duration d) {
    assertTrue(d.toMillis() >= lowMs && d.toMillis() <= highMs, d + " not in [" + lowMs + ", " + highMs + "] ms");
  }
}
