package org.airouter.validation;

import java.util.List;
import java.util.Objects;

/**
 * One broken rule: the field it is about, named as the admin API and the config file name it ({@code name},
 * {@code targets[1].baseUrl}, {@code timeouts.totalMs}), and what is wrong with it. The admin API answers the field as the error's
 * {@code param}; the console puts the message beside the input of that name.
 */
public record Problem(String field, String message) {
  public Problem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** The same problem, its field inside {@code prefix}: {@code "targets[1]."} + {@code "baseUrl"}. */
  public Problem under(String prefix) { return new Problem(prefix + field, message); }

  /** "field: message", as every message that lists problems words one. */
  @Override public String toString() { return field + ": " + message; }

  /** "field: message; field: message". */
  public static String join(List<Problem> problems) {
    return String.join("; ", problems.stream().map(Problem::toString).toList());
  }
}
