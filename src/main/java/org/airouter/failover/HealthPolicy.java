package org.airouter.failover;

import java.time.Duration;

/**
 * When a target counts as unhealthy and for how long. Defaults (issue 16, item 5): three consecutive failures, or
 * at least half of at least 10 calls in the last 60 s, open it for 10 s, doubling at each failed probe up to 5 min;
 * an auth failure opens it for 5 min; a 429/503/529 cools it for its {@code retry-after} (1 s when it names none;
 * at most 5 min, so one absurd header cannot park a target for a day).
 */
public record HealthPolicy(int consecutiveFailures, float failureRatePercent, int minimumCalls, Duration window,
    Duration firstOpen, Duration maxOpen, Duration authOpen, Duration defaultCooldown, Duration maxCooldown) {

  public static HealthPolicy defaults() {
    return new HealthPolicy(3, 50f, 10, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(5),
        Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofMinutes(5));
  }

  /** How long the n-th opening in a row lasts (n = 1 after closed): first, doubled each time, capped. */
  public long openMillis(int n) {
    int doublings = Math.min(Math.max(n - 1, 0), 30);
    double millis = firstOpen.toMillis() * Math.pow(2, doublings);
    return (long) Math.min(millis, maxOpen.toMillis());
  }
}
