package org.airouter.validation;

import java.util.List;
import java.util.function.Function;

/** What was asked breaks a rule of the service asked; every problem, each naming its field (a 400). */
public abstract class Invalid extends RuntimeException {
  private final List<Problem> problems;

  protected Invalid(List<Problem> problems) {
    super(Problem.join(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() { return problems; }

  /** Throws the service's own {@code Invalid} when there is any problem. */
  public static void require(List<Problem> problems, Function<List<Problem>, ? extends Invalid> refusal) {
    if (!problems.isEmpty()) throw refusal.apply(problems);
  }
}
