package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.airouter.keys.ClientKeySpec;
import org.airouter.validation.Problem;
import org.junit.jupiter.api.Test;

/** The new-key form as the console posts it: text fields → the spec the service checks. */
class KeyFormTest {

  private static KeyForm form(String models, String endpoints) {
    KeyForm form = new KeyForm();
    form.setName(" team-a ");
    form.setAllowedModels(models);
    form.setAllowedEndpoints(endpoints);
    return form;
  }

  @Test void endpointsAreSeparatedByCommasOrSpaces() {
    ClientKeySpec spec = form("gpt-4o-mini", " chat, files\nbatches  embeddings,").toSpec();
    assertEquals("team-a", spec.name());
    assertEquals(List.of("gpt-4o-mini"), spec.allowedModels());
    assertEquals(List.of("chat", "files", "batches", "embeddings"), spec.allowedEndpoints());
    assertEquals(List.of(), texts(spec.problems()));
  }

  @Test void blankEndpointsAreTheDefaultReach() {
    assertNull(form("gpt-4o-mini", "").toSpec().allowedEndpoints());
    assertNull(form("gpt-4o-mini", "  ").toSpec().allowedEndpoints());
    assertNull(form(null, null).toSpec().allowedEndpoints());
  }

  @Test void anUnknownNameIsAProblemOfTheEndpointsField() {
    List<String> problems = texts(form(null, "chat, filez").toSpec().problems());
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).startsWith("allowedEndpoints: 'filez' is not an endpoint name"), problems.get(0));
  }

  /** Each problem as the admin API's message words it. */
  private static List<String> texts(List<Problem> problems) {
    return problems.stream().map(Problem::toString).toList();
  }
}
