package org.airouter.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What an operator says about a client key, in the names of the config file and the admin API. */
public record ClientKeySpec(String name, List<String> allowedModels, Instant expiresAt, boolean enabled) {

  public ClientKeySpec {
    allowedModels = allowedModels == null ? List.of() : allowedModels.stream().map(String::trim)
        .filter(m -> !m.isEmpty()).toList();
  }

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isBlank()) problems.add("name: must not be blank");
    else if (name.length() > 100) problems.add("name: at most 100 characters");
    if (String.join("\n", allowedModels).length() > 8000) problems.add("allowedModels: too many");
    return problems;
  }
}
