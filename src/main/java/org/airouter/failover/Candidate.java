package org.airouter.failover;

import java.util.Objects;

/**
 * What selection needs to know of a route target: its key, its priority (lower is preferred), its weight inside its
 * priority tier and whether the operator enabled it. The route's target definitions adapt to this.
 */
public record Candidate(TargetKey key, int priority, int weight, boolean enabled) {
  public Candidate {
    Objects.requireNonNull(key, "key");
    if (weight < 0) throw new IllegalArgumentException("weight must not be negative: " + weight);
  }

  public Candidate(String route, String name, int priority, int weight) {
    this(new TargetKey(route, name), priority, weight, true);
  }

  public String name() { return key.target(); }
}
