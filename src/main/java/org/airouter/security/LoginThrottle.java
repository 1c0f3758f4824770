package org.airouter.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing per client address: after {@code freeFailures} failed attempts, each further failure
 * locks the address out for a delay that doubles (from {@code baseDelay}, at most {@code maxDelay}). A success clears
 * the address. Bounded: at most {@value #MAX_TRACKED} addresses are tracked; the oldest entries go first.
 */
public final class LoginThrottle {
  static final int MAX_TRACKED = 10_000;

  private final int freeFailures;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Clock clock;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  private record State(int failures, Instant lockedUntil, Instant lastFailure) {}

  public LoginThrottle(int freeFailures, Duration baseDelay, Duration maxDelay, Clock clock) {
    this.freeFailures = freeFailures;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.clock = clock;
  }

  /** How long this address must still wait before it may try again; zero when it may try now. */
  public Duration wait(String address) {
    State state = states.get(address);
    if (state == null || state.lockedUntil() == null) return Duration.ZERO;
    Duration left = Duration.between(clock.instant(), state.lockedUntil());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Records a failed attempt; returns the lock-out it caused (zero while still within the free attempts). */
  public Duration failed(String address) {
    if (states.size() >= MAX_TRACKED) evictOldest();
    Instant now = clock.instant();
    State next = states.compute(address, (a, old) -> {
      int failures = (old == null ? 0 : old.failures()) + 1;
      int over = failures - freeFailures;
      if (over <= 0) return new State(failures, null, now);
      Duration delay = baseDelay.multipliedBy(1L << Math.min(over - 1, 20));
      if (delay.compareTo(maxDelay) > 0) delay = maxDelay;
      return new State(failures, now.plus(delay), now);
    });
    return next.lockedUntil() == null ? Duration.ZERO : Duration.between(now, next.lockedUntil());
  }

  public void succeeded(String address) { states.remove(address); }

  private void evictOldest() {
    states.entrySet().stream().min((a, b) -> a.getValue().lastFailure().compareTo(b.getValue().lastFailure()))
        .ifPresent(oldest -> states.remove(oldest.getKey()));
  }
}
