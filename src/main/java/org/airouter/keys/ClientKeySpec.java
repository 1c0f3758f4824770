package org.airouter.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.airouter.validation.Problem;
import org.airouter.validation.Sizes;

/**
 * What an operator says about a client key, in the names of the config file and the admin API.
 * {@code allowedEndpoints} null (absent or empty where it came from) means the default reach, see
 * {@link EndpointGroup#reach}.
 */
public record ClientKeySpec(String name, List<String> allowedModels, List<String> allowedEndpoints, Instant expiresAt,
                            boolean enabled, String team, LimitPolicy policy) {

  public ClientKeySpec {
    allowedModels = allowedModels == null ? List.of() : allowedModels.stream().map(String::trim)
        .filter(m -> !m.isEmpty()).toList();
    allowedEndpoints = allowedEndpoints == null ? null : allowedEndpoints.stream().filter(e -> e != null)
        .map(e -> e.trim().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).distinct().toList();
    if (allowedEndpoints != null && allowedEndpoints.isEmpty()) allowedEndpoints = null;
    team = team == null || team.isBlank() ? null : team.trim();
    policy = policy == null ? LimitPolicy.NONE : policy;
  }

  /** A key in no team and without limits. */
  public ClientKeySpec(String name, List<String> allowedModels, List<String> allowedEndpoints, Instant expiresAt,
                       boolean enabled) {
    this(name, allowedModels, allowedEndpoints, expiresAt, enabled, null, LimitPolicy.NONE);
  }

  /** A key with the default endpoint reach. */
  public ClientKeySpec(String name, List<String> allowedModels, Instant expiresAt, boolean enabled) {
    this(name, allowedModels, null, expiresAt, enabled, null, LimitPolicy.NONE);
  }

  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    if (name == null || name.isBlank()) problems.add(new Problem("name", "must not be blank"));
    else if (name.length() > Sizes.NAME) problems.add(new Problem("name", Sizes.atMost(Sizes.NAME)));
    if (String.join("\n", allowedModels).length() > 8000) problems.add(new Problem("allowedModels", "too many"));
    if (allowedEndpoints != null) {
      List<String> unknown = allowedEndpoints.stream().filter(e -> EndpointGroup.byId(e).isEmpty()).toList();
      if (!unknown.isEmpty()) {
        problems.add(new Problem("allowedEndpoints", (unknown.size() == 1
            ? "'" + unknown.get(0) + "' is not an endpoint name"
            : "'" + String.join("', '", unknown) + "' are not endpoint names") + "; known: " + EndpointGroup.ids()));
      }
    }
    if (team != null && team.length() > Sizes.NAME) problems.add(new Problem("team", Sizes.atMost(Sizes.NAME)));
    problems.addAll(policy.problems());
    return problems;
  }
}
