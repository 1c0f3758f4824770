package org.airouter.failover;

/** A target's health as the console, the admin API and /metrics show it. */
public enum HealthState {
  /** Taking requests. */
  CLOSED,
  /** Resting for the upstream's {@code retry-after} (429/503/529). */
  COOLING,
  /** Failing: no requests until {@code reopensAt}. */
  OPEN,
  /** Its open time is over: the next request is the one probe that decides (others wait for its outcome). */
  HALF_OPEN,
  /** The upstream refused its key (401/403): open for 5 min, shown to the operator, who may fix the key. */
  AUTH_FAILED
}
