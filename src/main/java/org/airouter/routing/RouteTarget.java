package org.airouter.routing;

import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.airouter.provider.Upstream;
import org.airouter.secrets.Redactor;

/**
 * A route as the hot path sees it: matching rule and upstream, key opened, no JPA state; and the rule that takes
 * this route's secrets out of what its upstream says, built once with the snapshot.
 */
public record RouteTarget(long routeId, String name, MatchKind match, String pattern, Upstream upstream,
                          String upstreamModel, boolean isDefault, Predicate<String> matcher, Redactor redactor) {

  static RouteTarget of(Route route, Upstream upstream) {
    Predicate<String> matcher = switch (route.matchKind()) {
      case EXACT -> route.pattern()::equals;
      case GLOB -> {
        Pattern regex = MatchKind.globToRegex(route.pattern());
        yield model -> regex.matcher(model).matches();
      }
      case KEYWORD -> model -> model.contains(route.pattern());
    };
    return new RouteTarget(route.id(), route.name(), route.matchKind(), route.pattern(), upstream,
        blankToNull(route.upstreamModel()), route.isDefault(), matcher,
        Redactor.of(upstream.apiKey(), upstream.headers(), upstream.query()));
  }

  public boolean serves(String model) { return matcher.test(model); }

  /** The model name sent upstream: the route's rewrite, if it has one. */
  public String upstreamModelFor(String requested) { return upstreamModel != null ? upstreamModel : requested; }

  private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }
}
