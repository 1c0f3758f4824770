package org.airouter.failover;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Picks the next target of a route for one attempt. The rules, in order:
 * <ol>
 *   <li>drop disabled targets, targets of weight 0 and targets already tried for this request (by name, never by
 *       index: a list that changed or shrank cannot make a retry skip a tier);</li>
 *   <li>drop unhealthy targets; but if that leaves nothing and no target of this route was tried yet, keep the one
 *       that recovers soonest (a route never refuses on its own health alone; a single-target route always tries);</li>
 *   <li>keep the lowest priority number left (one tier);</li>
 *   <li>inside the tier: with a sticky key, weighted rendezvous hashing on it; else weighted random.</li>
 * </ol>
 * Thread-safe when its random source is (each request may also bring its own).
 */
public final class TargetPicker {
  private final RandomGenerator random;

  public TargetPicker(RandomGenerator random) { this.random = random; }

  /**
   * @param targets the route's targets, in any order
   * @param tried   names of the route's targets already tried for this request
   * @param sticky  the sticky key's value for this request, or null
   */
  public Optional<Candidate> pick(List<Candidate> targets, Collection<String> tried, HealthView health,
      String sticky) {
    return pick(targets, tried, health, sticky, true);
  }

  /** As {@link #pick}, but only among available targets: never forces one that is unavailable. */
  public Optional<Candidate> pickAvailable(List<Candidate> targets, Collection<String> tried, HealthView health,
      String sticky) {
    return pick(targets, tried, health, sticky, false);
  }

  private Optional<Candidate> pick(List<Candidate> targets, Collection<String> tried, HealthView health,
      String sticky, boolean mayForce) {
    List<Candidate> open = new ArrayList<>();
    for (Candidate c : targets) {
      if (c.enabled() && c.weight() > 0 && !tried.contains(c.name())) open.add(c);
    }
    if (open.isEmpty()) return Optional.empty();
    List<Candidate> healthy = new ArrayList<>();
    for (Candidate c : open) {
      if (health.available(c.key())) healthy.add(c);
    }
    if (healthy.isEmpty()) return mayForce && tried.isEmpty() ? Optional.of(soonest(open, health)) : Optional.empty();
    List<Candidate> tier = lowestTier(healthy);
    if (sticky != null && !sticky.isEmpty()) return Optional.of(StickyHash.choose(sticky, tier));
    return Optional.of(weighted(tier));
  }

  private static Candidate soonest(List<Candidate> open, HealthView health) {
    Candidate best = open.get(0);
    Instant bestAt = health.recoversAt(best.key());
    for (Candidate c : open) {
      Instant at = health.recoversAt(c.key());
      if (at.isBefore(bestAt) || at.equals(bestAt) && c.priority() < best.priority()) {
        best = c;
        bestAt = at;
      }
    }
    return best;
  }

  private static List<Candidate> lowestTier(List<Candidate> healthy) {
    int lowest = Integer.MAX_VALUE;
    for (Candidate c : healthy) lowest = Math.min(lowest, c.priority());
    List<Candidate> tier = new ArrayList<>();
    for (Candidate c : healthy) {
      if (c.priority() == lowest) tier.add(c);
    }
    return tier;
  }

  private Candidate weighted(List<Candidate> tier) {
    if (tier.size() == 1) return tier.get(0);
    long total = 0;
    for (Candidate c : tier) total += c.weight();
    long point = random.nextLong(total);
    for (Candidate c : tier) {
      point -= c.weight();
      if (point < 0) return c;
    }
    return tier.get(tier.size() - 1);   // unreachable: the points cover [0, total)
  }
}
