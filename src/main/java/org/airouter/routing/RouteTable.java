package org.airouter.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.provider.Upstream;
import org.airouter.secrets.SecretBox;

/**
 * An immutable snapshot of the enabled routes, built when the configuration changes. Exact names are one hash
 * lookup; globs and keywords are tried in the admin-defined order. Exact beats glob beats keyword.
 */
public final class RouteTable {
  private static final Logger LOG = Logger.getLogger(RouteTable.class.getName());
  public static final RouteTable EMPTY = new RouteTable(List.of());

  private final List<ActiveRoute> all;
  private final Map<String, ActiveRoute> exact = new HashMap<>();
  private final List<ActiveRoute> globs = new ArrayList<>();
  private final List<ActiveRoute> keywords = new ArrayList<>();
  private final ActiveRoute fallback;

  private RouteTable(List<ActiveRoute> ordered) {
    this.all = List.copyOf(ordered);
    ActiveRoute firstDefault = null;
    for (ActiveRoute target : ordered) {
      switch (target.match()) {
        case EXACT -> exact.putIfAbsent(target.pattern(), target);
        case GLOB -> globs.add(target);
        case KEYWORD -> keywords.add(target);
      }
      if (target.isDefault() && firstDefault == null) firstDefault = target;
    }
    this.fallback = firstDefault;
  }

  /**
   * Builds from stored routes. A target whose key or headers cannot be opened is left out and logged, never fatal;
   * a route left with no enabled target is left out too.
   */
  public static RouteTable of(List<Route> routes, SecretBox box) {
    List<ActiveRoute> active = new ArrayList<>();
    routes.stream().filter(Route::enabled)
        .sorted(Comparator.comparingInt(Route::sortOrder).thenComparing(Route::id))
        .forEach(route -> {
          List<ActiveTarget> targets = new ArrayList<>();
          for (Target target : route.targets()) {
            try {
              String key = target.sealedApiKey() == null ? null : box.open(target.sealedApiKey());
              String upstreamName = TargetSpec.IMPLICIT_NAME.equals(target.name()) ? route.name()
                  : route.name() + "/" + target.name();
              targets.add(ActiveTarget.of(target, new Upstream(upstreamName, target.provider(), target.baseUrl(), key,
                  target.apiVersion(), target.deployments(), target.openHeaders(box), target.query())));
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "Route ''{0}'', target ''{1}'' left out: {2}",
                  new Object[] {route.name(), target.name(), e.getMessage()});
            }
          }
          ActiveRoute built = ActiveRoute.of(route, targets);
          if (built != null) active.add(built);
          else LOG.log(Level.WARNING, "Route ''{0}'' left out: no enabled target", route.name());
        });
    return new RouteTable(active);
  }

  /** The route for a requested model; null or unmatched models go to the default route, if there is one. */
  public Optional<ActiveRoute> route(String model) {
    if (model != null) {
      ActiveRoute hit = exact.get(model);
      if (hit != null) return Optional.of(hit);
      for (ActiveRoute glob : globs) if (glob.serves(model)) return Optional.of(glob);
      for (ActiveRoute keyword : keywords) if (keyword.serves(model)) return Optional.of(keyword);
    }
    return Optional.ofNullable(fallback);
  }

  public Optional<ActiveRoute> defaultRoute() { return Optional.ofNullable(fallback); }

  /** Every enabled route, in order. */
  public List<ActiveRoute> all() { return all; }
}
