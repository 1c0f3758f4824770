package org.airouter.testing;

import java.time.Duration;

/**
 * The upper bound a test asserts on something the router ends at a time it was configured with (a timeout, a
 * keepalive point, a write interval): three times that time plus a fixed 2 s, instead of a constant of its own. On the
 * shared 2-core machines the suite runs on, a loaded JVM stretches every wait in proportion (GC pauses, a busy
 * scheduler) and adds costs that do not scale (a first connection, a cold code path): a constant tuned on an idle
 * laptop flakes there. The bound still tells a working timeout from a missing one as long as the test's alternative
 * (an upstream's late answer, a hang) lies beyond it, so tests put their upstream's delays past {@link #of}.
 */
public final class TimeBound {
  /** What a loaded machine adds regardless of the configured time. */
  public static final Duration MARGIN = Duration.ofSeconds(2);

  private TimeBound() {}

  /** The most a wait that the router ends at {@code configured} may take, seen from the test. */
  public static Duration of(Duration configured) { return configured.multipliedBy(3).plus(MARGIN); }

  /** As {@link #of(Duration)}, for a time in milliseconds. */
  public static Duration ofMillis(long configuredMs) { return of(Duration.ofMillis(configuredMs)); }
}
