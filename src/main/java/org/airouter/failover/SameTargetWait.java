package org.airouter.failover;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The wait before trying the same target again (switching target never waits): the upstream's {@code retry-after}
 * when it names one of at most 60 s; else exponential backoff from 500 ms, doubling, capped at 8 s, with jitter over
 * the upper half (so concurrent requests spread out but none retries at once). A {@code retry-after} over 60 s means
 * no retry on that target: the client is better told when to come back.
 */
public final class SameTargetWait {
  public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  static final Duration BASE = Duration.ofMillis(500);
  static final Duration CAP = Duration.ofSeconds(8);

  private final RandomGenerator random;

  public SameTargetWait(RandomGenerator random) { this.random = random; }

  /**
   * @param retry      1 for the first retry on this target, 2 for the second, ...
   * @param retryAfter what the upstream asked for, if anything
   * @return the wait, or empty when this target should not be tried again
   */
  public Optional<Duration> before(int retry, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      return retryAfter.get().compareTo(MAX_RETRY_AFTER) <= 0 ? retryAfter : Optional.empty();
    }
    long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(Math.max(retry - 1, 0), 20));
    long half = ceiling / 2;
    return Optional.of(Duration.ofMillis(half + random.nextLong(ceiling - half + 1)));
  }
}
