package org.airouter.failover;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every target's health on this instance, by (route, target name). Survives config reloads: {@link #reconcile} keeps
 * the state of a target whose definition is unchanged, starts a changed one fresh (a new key or URL deserves a new
 * chance, and an auth failure must not outlive the key it was about) and forgets removed ones.
 */
public final class TargetHealthRegistry implements HealthView {
  private record Entry(Object definition, TargetHealth health) {}

  private final HealthPolicy policy;
  private final Clock clock;
  private final Map<TargetKey, Entry> entries = new ConcurrentHashMap<>();

  public TargetHealthRegistry(HealthPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * After a config (re)load: {@code definitions} holds every target of every route, each with a value that equals
   * another exactly when the target's upstream definition (provider, URL, key, model, headers...) is the same.
   */
  public void reconcile(Map<TargetKey, ?> definitions) {
    entries.keySet().retainAll(definitions.keySet());
    definitions.forEach((key, definition) -> entries.compute(key, (k, old) -> {
      if (old != null && Objects.equals(old.definition(), definition)) return old;
      if (old != null && old.definition() == null) return new Entry(definition, old.health());   // seen before any load
      return new Entry(definition, new TargetHealth(k, policy, clock));
    }));
  }

  /** The target's health, created fresh if the registry has not seen it yet (the next reconcile adopts it). */
  public TargetHealth of(TargetKey key) {
    return entries.computeIfAbsent(key, k -> new Entry(null, new TargetHealth(k, policy, clock))).health();
  }

  @Override public boolean available(TargetKey key) {
    Entry e = entries.get(key);
    return e == null || e.health().available();
  }

  @Override public Instant recoversAt(TargetKey key) {
    Entry e = entries.get(key);
    return e == null ? Instant.MIN : e.health().recoversAt();
  }

  /** Every known target's state, sorted by route and name. */
  public List<HealthSnapshot> snapshot() {
    List<HealthSnapshot> all = new ArrayList<>();
    for (Entry e : entries.values()) all.add(e.health().snapshot());
    all.sort((a, b) -> a.key().toString().compareTo(b.key().toString()));
    return all;
  }
}
