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

  private final List<RouteTarget> all;
  private final Map<String, RouteTarget> exact = new HashMap<>();
  private final List<RouteTarget> globs = new ArrayList<>();
  private final List<RouteTarget> keywords = new ArrayList<>();
  private final RouteTarget fallback;

  private RouteTable(List<RouteTarget> ordered) {
    this.all = List.copyOf(ordered);
    RouteTarget firstDefault = null;
    for (RouteTarget target : ordered) {
      switch (target.match()) {
        case EXACT -> exact.putIfAbsent(target.pattern(), target);
        case GLOB -> globs.add(target);
        case KEYWORD -> keywords.add(target);
      }
      if (target.isDefault() && firstDefault == null) firstDefault = target;
    }
    this.fallback = firstDefault;
  }

  /** Builds from stored routes; a route whose key cannot be opened is left out and logged, never fatal. */
  public static RouteTable of(List<Route> routes, SecretBox box) {
    List<RouteTarget> targets = new ArrayList<>();
    routes.stream().filter(Route::enabled)
        .sorted(Comparator.comparingInt(Route::sortOrder).thenComparing(Route::id))
        .forEach(route -> {
          try {
            String key = route.sealedApiKey() == null ? null : box.open(route.sealedApiKey());
            targets.add(RouteTarget.of(route, new Upstream(route.name(), route.provider(), route.baseUrl(), key,
                route.apiVersion(), route.deployments(), route.openHeaders(box), route.query())));
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Route ''{0}'' left out: {1}", new Object[] {route.name(), e.getMessage()});
          }
        });
    return new RouteTable(targets);
  }

  /** The route for a requested model; null or unmatched models go to the default route, if there is one. */
  public Optional<RouteTarget> route(String model) {
    if (model != null) {
      RouteTarget hit = exact.get(model);
      if (hit != null) return Optional.of(hit);
      for (RouteTarget glob : globs) if (glob.serves(model)) return Optional.of(glob);
      for (RouteTarget keyword : keywords) if (keyword.serves(model)) return Optional.of(keyword);
    }
    return Optional.ofNullable(fallback);
  }

  public Optional<RouteTarget> defaultRoute() { return Optional.ofNullable(fallback); }

  /** Every enabled route, in order. */
  public List<RouteTarget> all() { return all; }
}
