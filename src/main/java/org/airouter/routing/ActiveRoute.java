package org.airouter.routing;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.airouter.provider.Upstream;
import org.airouter.secrets.Redactor;

/**
 * A route as the hot path sees it: matching rule, its targets with their keys opened, its failover settings; no JPA
 * state. Built once with the snapshot.
 *
 * @param targets every target whose secrets could be opened, in the operator's order, enabled or not
 * @param primary the target the online test and a route list use: the first enabled one by (priority, list
 *                order); never null (a route with no enabled target is not in the snapshot)
 */
public record ActiveRoute(long routeId, String name, MatchKind match, String pattern, boolean isDefault,
                          Predicate<String> matcher, List<ActiveTarget> targets, ActiveTarget primary,
                          Failover failover) {

  /** @return null when none of the route's targets is enabled and usable */
  static ActiveRoute of(Route route, List<ActiveTarget> targets) {
    Predicate<String> matcher = switch (route.matchKind()) {
      case EXACT -> route.pattern()::equals;
      case GLOB -> {
        Pattern regex = MatchKind.globToRegex(route.pattern());
        yield model -> regex.matcher(model).matches();
      }
      case KEYWORD -> model -> model.contains(route.pattern());
    };
    ActiveTarget primary = targets.stream().filter(ActiveTarget::enabled)
        .min(Comparator.comparingInt(ActiveTarget::priority)).orElse(null);
    if (primary == null) return null;
    return new ActiveRoute(route.id(), route.name(), route.matchKind(), route.pattern(), route.isDefault(), matcher,
        List.copyOf(targets), primary, route.failover());
  }

  public boolean serves(String model) { return matcher.test(model); }

  /** The primary target's upstream. */
  public Upstream upstream() { return primary.upstream(); }

  /** The rule that takes the primary target's secrets out of what its upstream says. */
  public Redactor redactor() { return primary.redactor(); }

  /** The model name sent upstream: the primary target's rewrite, if it has one. */
  public String upstreamModelFor(String requested) { return primary.upstreamModelFor(requested); }
}
