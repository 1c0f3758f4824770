package org.airouter.keys;

import java.util.ArrayList;
import java.util.List;
import org.airouter.validation.Problem;
import org.airouter.validation.Sizes;

/** A team as the config file and the admin API name it. */
public record TeamSpec(String name, LimitPolicy policy) {
  public TeamSpec {
    name = name == null ? null : name.trim();
    policy = policy == null ? LimitPolicy.NONE : policy;
  }

  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    if (name == null || name.isEmpty()) problems.add(new Problem("name", "must not be blank"));
    else if (name.length() > Sizes.NAME) problems.add(new Problem("name", Sizes.atMost(Sizes.NAME)));
    problems.addAll(policy.problems());
    return problems;
  }
}
