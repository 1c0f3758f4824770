package org.airouter.failover;

import java.util.Objects;

/** One target of one route, by name (never by position: a reordered or shortened list must not shift health). */
public record TargetKey(String route, String target) {
  public TargetKey {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(target, "target");
  }

  @Override public String toString() { return route + "/" + target; }
}
