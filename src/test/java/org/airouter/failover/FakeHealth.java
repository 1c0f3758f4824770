package org.airouter.failover;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Health as a test sets it: a target is unavailable until the instant given, else available. */
final class FakeHealth implements HealthView {
  private final Instant now;
  private final Map<String, Instant> downUntil = new HashMap<>();

  FakeHealth(Instant now) { this.now = now; }

  FakeHealth down(String target, Instant until) {
    downUntil.put(target, until);
    return this;
  }

  @Override public boolean available(TargetKey key) { return !recoversAt(key).isAfter(now); }

  @Override public Instant recoversAt(TargetKey key) { return downUntil.getOrDefault(key.target(), Instant.MIN); }
}
