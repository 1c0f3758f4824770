package org.airouter.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.airouter.failover.AttemptPlan;
import org.airouter.failover.Candidate;
import org.airouter.failover.Deadline;
import org.airouter.failover.Fallbacks;
import org.airouter.failover.HealthPolicy;
import org.airouter.failover.HealthSnapshot;
import org.airouter.failover.PerThreadRandom;
import org.airouter.failover.RetryRules;
import org.airouter.failover.SameTargetWait;
import org.airouter.failover.TargetHealthRegistry;
import org.airouter.failover.TargetKey;
import org.airouter.failover.TargetPicker;
import org.airouter.routing.ActiveRoute;
import org.airouter.routing.ActiveTarget;
import org.airouter.routing.RouteTable;
import org.airouter.routing.Router;

/**
 * The proxy's side of failover: every target's health on this instance, kept across config reloads, and the
 * {@link AttemptPlan} of each client request, built from the route snapshot it was matched in. Health is reconciled
 * with a new snapshot the first time a request sees it (an identity check per request, a map walk per reload): a
 * target whose upstream definition is unchanged keeps its state, a changed one starts fresh.
 */
final class Failovers {
  private final Router router;
  private final TargetHealthRegistry health = new TargetHealthRegistry(HealthPolicy.defaults(), Clock.systemUTC());
  private final TargetPicker picker = new TargetPicker(PerThreadRandom.INSTANCE);
  private final SameTargetWait waits = new SameTargetWait(PerThreadRandom.INSTANCE);
  private final long defaultFirstByteMs;
  private volatile RouteTable reconciled;

  Failovers(Router router, long defaultFirstByteMs) {
    this.router = router;
    this.defaultFirstByteMs = defaultFirstByteMs;
  }

  TargetHealthRegistry health() { return health; }

  /** Every target's health, for the admin API, the console and /metrics. */
  List<HealthSnapshot> snapshot() {
    reconcile(router.table());
    return health.snapshot();
  }

  /**
   * The attempt loop of one request matched to {@code route}: its targets, then its fallbacks (embeddings only to the
   * same upstream model), under one deadline ({@code timeouts.totalMs}, else the first-byte timeout).
   */
  AttemptPlan plan(ActiveRoute route, boolean embeddings, boolean replaySafe, String sticky) {
    RouteTable table = router.table();
    reconcile(table);
    List<AttemptPlan.RouteTargets> chain = new ArrayList<>();
    chain.add(targets(route));
    if (!route.failover().fallbacks().isEmpty()) {
      Map<String, Set<String>> models = new HashMap<>();
      for (ActiveRoute r : table.all()) models.put(r.name(), upstreamModels(r));
      for (String name : Fallbacks.order(route.name(), route.failover().fallbacks(), embeddings, models)) {
        named(table, name).ifPresent(r -> chain.add(targets(r)));
      }
    }
    Integer totalMs = route.failover().timeouts().totalMs();
    Duration total = Deadline.total(totalMs == null ? null : totalMs.longValue(), Duration.ofMillis(defaultFirstByteMs));
    return new AttemptPlan(chain, new RetryRules(route.failover().maxAttempts(), route.failover().retryOnTimeout()),
        replaySafe, Deadline.start(Clock.systemUTC(), total), picker, waits, health, Clock.systemUTC(), sticky);
  }

  /**
   * Whether a stream to this route is held until its first content. Holding costs its client the head's early
   * arrival (and with it the chance to notice a client that leaves): only worth it when another target could answer.
   */
  static boolean worthHolding(ActiveRoute route) {
    if (route.failover().maxAttempts() <= 1) return false;
    int enabled = 0;
    for (ActiveTarget t : route.targets()) if (t.enabled()) enabled++;
    return enabled > 1 || !route.failover().fallbacks().isEmpty();
  }

  /** The route of that name in the snapshot the request was matched in, or the current one. */
  ActiveRoute route(ActiveRoute matched, String name) {
    if (matched.name().equals(name)) return matched;
    return named(router.table(), name).orElseThrow(() -> new IllegalStateException("no route " + name));
  }

  private static Optional<ActiveRoute> named(RouteTable table, String name) {
    return table.all().stream().filter(r -> r.name().equals(name)).findFirst();
  }

  private static AttemptPlan.RouteTargets targets(ActiveRoute route) {
    List<Candidate> candidates = new ArrayList<>(route.targets().size());
    for (ActiveTarget t : route.targets()) {
      candidates.add(new Candidate(new TargetKey(route.name(), t.name()), t.priority(), t.weight(), t.enabled()));
    }
    return new AttemptPlan.RouteTargets(route.name(), candidates);
  }

  private static Set<String> upstreamModels(ActiveRoute route) {
    Set<String> models = new LinkedHashSet<>();
    for (ActiveTarget t : route.targets()) models.add(String.valueOf(t.upstreamModel()));
    return models;
  }

  private void reconcile(RouteTable table) {
    if (table == reconciled) return;
    synchronized (this) {
      if (table == reconciled) return;
      Map<TargetKey, Object> definitions = new HashMap<>();
      for (ActiveRoute r : table.all()) {
        for (ActiveTarget t : r.targets()) {
          // The upstream (provider, URL, key, headers...) and the model it is sent: what a target's health is about.
          definitions.put(new TargetKey(r.name(), t.name()), List.of(t.upstream(), String.valueOf(t.upstreamModel())));
        }
      }
      health.reconcile(definitions);
      reconciled = table;
    }
  }
}
