package org.airouter.failover;

import java.time.Instant;

/** What selection asks of target health; {@link TargetHealthRegistry} answers it. */
public interface HealthView {
  /** Whether the target may take a request now (closed, or its open/cooling time is over). Takes no probe permit. */
  boolean available(TargetKey key);

  /** When the target becomes available again; any instant not after now when it already is. */
  Instant recoversAt(TargetKey key);

  /** Every target healthy: for routes that keep no health, and for tests of selection alone. */
  HealthView ALL_HEALTHY = new HealthView() {
    @Override public boolean available(TargetKey key) { return true; }
    @Override public Instant recoversAt(TargetKey key) { return Instant.MIN; }
  };
}
