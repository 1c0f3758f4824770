package org.airouter.keys;

import java.util.ArrayList;
import java.util.List;
import org.airouter.validation.Problem;

/**
 * Ceilings on a client key or a team, in the config file's names; null means no ceiling. {@code tpm} counts prompt
 * plus completion tokens per minute.
 */
public record Limits(Long rpm, Long tpm, Long maxConcurrent) {
  public static final Limits NONE = new Limits(null, null, null);

  public boolean isEmpty() { return rpm == null && tpm == null && maxConcurrent == null; }

  List<Problem> problems(String where) {
    List<Problem> problems = new ArrayList<>();
    positive(problems, where + ".rpm", rpm);
    positive(problems, where + ".tpm", tpm);
    positive(problems, where + ".maxConcurrent", maxConcurrent);
    return problems;
  }

  private static void positive(List<Problem> problems, String field, Long value) {
    if (value != null && (value < 1 || value > 1_000_000_000_000L)) {
      problems.add(new Problem(field, "must be a whole number from 1 to 10^12 (leave it out for no limit)"));
    }
  }
}
