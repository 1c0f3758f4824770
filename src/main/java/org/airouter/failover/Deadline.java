package org.airouter.failover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The one deadline of a client request: every attempt, every wait between attempts and every fallback fit inside it,
 * so three attempts of a 10 s timeout cannot become 30 s. Keepalives sent to the client never move it.
 */
public final class Deadline {
  private final Clock clock;
  private final Instant end;

  private Deadline(Clock clock, Instant end) {
    this.clock = clock;
    this.end = end;
  }

  /** Starts now: {@code total} is {@code timeouts.totalMs} when the route sets it, else the first-byte timeout. */
  public static Deadline start(Clock clock, Duration total) {
    if (total.isNegative() || total.isZero()) throw new IllegalArgumentException("total must be positive: " + total);
    return new Deadline(clock, clock.instant().plus(total));
  }

  /** {@code timeouts.totalMs} when set (above zero), else the first-byte timeout. */
  public static Duration total(Long totalMs, Duration firstByte) {
    return totalMs != null && totalMs > 0 ? Duration.ofMillis(totalMs) : firstByte;
  }

  public Instant end() { return end; }

  /** Time left; zero once passed. */
  public Duration remaining() {
    Duration left = Duration.between(clock.instant(), end);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public boolean expired() { return remaining().isZero(); }

  /** A per-attempt timeout cut to what is left, so no attempt outlives the request. */
  public Duration bound(Duration timeout) {
    Duration left = remaining();
    return timeout.compareTo(left) < 0 ? timeout : left;
  }

  /** Whether a wait of this length still leaves time for an attempt after it. */
  public boolean leavesTimeAfter(Duration wait) { return wait.compareTo(remaining()) < 0; }
}
