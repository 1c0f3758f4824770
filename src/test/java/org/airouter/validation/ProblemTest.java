package org.airouter.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test void readsAsFieldColonMessage() {
    assertEquals("baseUrl: must be an http or https URL", new Problem("baseUrl", "must be an http or https URL").toString());
  }

  @Test void aTargetsProblemIsNamedInsideTheRoute() {
    Problem problem = new Problem("baseUrl", "not a URL").under("targets[1].");
    assertEquals("targets[1].baseUrl", problem.field());
    assertEquals("not a URL", problem.message(), "the message is not touched");
  }

  @Test void aMessageWithColonsKeepsItsFieldApart() {
    Problem problem = new Problem("headers", "line 1: expected Name: value");
    assertEquals("headers", problem.field(), "no one has to find the field at the first colon again");
  }

  @Test void joinsEveryProblemInOrder() {
    assertEquals("name: must not be blank; weight: between 1 and 1000000",
        Problem.join(List.of(new Problem("name", "must not be blank"), new Problem("weight", "between 1 and 1000000"))));
    assertEquals("", Problem.join(List.of()));
  }

  @Test void needsAFieldAndAMessage() {
    assertThrows(NullPointerException.class, () -> new Problem(null, "x"));
    assertThrows(NullPointerException.class, () -> new Problem("x", null));
  }

  @Test void anInvalidCarriesItsProblemsAsDataAndJoinedAsItsMessage() {
    List<Problem> problems = List.of(new Problem("name", "must not be blank"), new Problem("match", "must be exact"));
    Invalid invalid = assertThrows(Invalid.class, () -> Invalid.require(problems, Refused::new));
    assertEquals(problems, invalid.problems());
    assertEquals("name: must not be blank; match: must be exact", invalid.getMessage());
    Invalid.require(List.of(), Refused::new);   // nothing to refuse: no throw
  }

  private static final class Refused extends Invalid {
    Refused(List<Problem> problems) { super(problems); }
  }
}
