package org.airouter.failover;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes tried, in order, once a route's own targets are exhausted: its {@code fallbacks} by name, one level
 * deep (a fallback's own fallbacks are not followed, so no chain can loop), without the route itself, repeats or
 * names that no longer exist. An embeddings route falls back only to routes whose targets all send the same single
 * upstream model as its own: vectors of different models do not mix, and nothing would fail loudly if they did.
 */
public final class Fallbacks {
  private Fallbacks() {}

  /**
   * @param route          the route the request matched
   * @param fallbacks      its fallback route names, in order
   * @param upstreamModels every route's upstream models (the distinct {@code upstreamModel}s of its targets)
   */
  public static List<String> order(String route, List<String> fallbacks, boolean embeddings,
      Map<String, Set<String>> upstreamModels) {
    Set<String> own = upstreamModels.getOrDefault(route, Set.of());
    LinkedHashSet<String> names = new LinkedHashSet<>(fallbacks);
    names.remove(route);
    List<String> usable = new ArrayList<>();
    for (String name : names) {
      Set<String> models = upstreamModels.get(name);
      if (models == null) continue;
      if (embeddings && (own.size() != 1 || !own.equals(models))) continue;
      usable.add(name);
    }
    return usable;
  }
}
