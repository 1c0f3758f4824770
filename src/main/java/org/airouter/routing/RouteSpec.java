package org.airouter.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.airouter.provider.ProviderKind;
import org.airouter.validation.Problem;
import org.airouter.validation.Sizes;

/**
 * What an operator says a route is, in the names of the config file and the admin API: how it matches a model, its
 * targets (the upstreams behind it, in the operator's order) and its failover settings. A route written the old way,
 * with the upstream fields on the route itself, is one implicit target named {@value TargetSpec#IMPLICIT_NAME}.
 */
public record RouteSpec(String name, MatchKind match, String pattern, boolean isDefault, boolean enabled,
                        List<TargetSpec> targets, Failover failover) {
  /** More would make no sense for one model name and would not fit a console page. */
  public static final int MAX_TARGETS = 50;

  public RouteSpec {
    targets = targets == null ? List.of() : List.copyOf(targets);
    failover = failover == null ? Failover.DEFAULT : failover;
  }

  /** A route written the old way: one upstream (an implicit target) and the default failover settings. */
  public RouteSpec(String name, MatchKind match, String pattern, ProviderKind provider, String baseUrl,
                   String apiKey, String upstreamModel, boolean isDefault, boolean enabled, String apiVersion,
                   Map<String, String> deployments, Map<String, String> headers, Map<String, String> query) {
    this(name, match, pattern, isDefault, enabled, List.of(TargetSpec.implicit(provider, baseUrl, apiKey,
        upstreamModel, apiVersion, deployments, headers, query)), Failover.DEFAULT);
  }

  /** A route written the old way with no provider-specific fields (and, as for the key, the stored headers kept). */
  public RouteSpec(String name, MatchKind match, String pattern, ProviderKind provider, String baseUrl,
                   String apiKey, String upstreamModel, boolean isDefault, boolean enabled) {
    this(name, match, pattern, provider, baseUrl, apiKey, upstreamModel, isDefault, enabled, null, Map.of(), null,
        Map.of());
  }

  /** The target the online test uses: the first enabled by (priority, list order). */
  public TargetSpec primary() {
    return targets.stream().filter(TargetSpec::enabled).min(Comparator.comparingInt(TargetSpec::priority))
        .orElse(targets.isEmpty() ? null : targets.get(0));
  }

  /** The same route with other failover settings. */
  public RouteSpec withFailover(Failover other) {
    return new RouteSpec(name, match, pattern, isDefault, enabled, targets, other);
  }

  /**
   * Every reason this spec cannot be stored, as "field: reason". A target's fields are named {@code targets[i].field}
   * when there are several, and plainly (as before targets existed) when there is one.
   */
  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    if (name == null || name.isBlank()) problems.add(new Problem("name", "must not be blank"));
    else if (name.length() > Sizes.NAME) problems.add(new Problem("name", Sizes.atMost(Sizes.NAME)));
    if (match == null) problems.add(new Problem("match", "must be " + MatchKind.CHOICES));
    if (pattern == null || pattern.isBlank()) problems.add(new Problem("pattern", "must not be blank"));
    else if (pattern.length() > Sizes.MODEL) problems.add(new Problem("pattern", Sizes.atMost(Sizes.MODEL)));
    if (targets.isEmpty()) problems.add(new Problem("targets", "a route needs at least one target"));
    if (targets.size() > MAX_TARGETS) problems.add(new Problem("targets", "at most " + MAX_TARGETS));
    Set<String> names = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      TargetSpec target = targets.get(i);
      if (target == null) {
        problems.add(new Problem("targets[" + i + "]", "must be an object"));
        continue;
      }
      problems.addAll(target.problems(targets.size() == 1 ? "" : "targets[" + i + "]."));
      if (target.name() != null && !target.name().isBlank() && !names.add(target.name())) {
        problems.add(new Problem("targets[" + i + "].name", target.name() + " is already the name of another target"));
      }
    }
    problems.addAll(failover.problems(name));
    return problems;
  }

  @Override public String toString() {
    return "RouteSpec[" + name + ", " + match + " " + pattern + ", default " + isDefault + ", enabled " + enabled
        + ", targets " + targets + ", " + failover + "]";
  }
}
