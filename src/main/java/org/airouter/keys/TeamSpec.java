package org.airouter.keys;

import java.util.ArrayList;
import java.util.List;

/** A team as the config file and the admin API name it. */
public record TeamSpec(String name, LimitPolicy policy) {
  public TeamSpec {
    name = name == null ? null : name.trim();
    policy = policy == null ? LimitPolicy.NONE : policy;
  }

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isEmpty()) problems.add("name: must not be blank");
    else if (name.length() > 100) problems.add("name: at most 100 characters");
    problems.addAll(policy.problems());
    return problems;
  }
}
