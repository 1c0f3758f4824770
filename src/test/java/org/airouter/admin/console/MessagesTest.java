package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A problem's field names the input it sits beside, with no table of fields in the page. */
class MessagesTest {
  private static final Set<String> INPUTS = Set.of("price:model", "price:inputPerMTok", "form:targets:1:timeouts");

  @Test void theFieldIsTheInputsId() {
    assertEquals("price:model", Messages.clientId("price", "model", INPUTS::contains));
    assertEquals("price:inputPerMTok", Messages.clientId("price", "inputPerMTok", INPUTS::contains));
  }

  @Test void aNestedFieldGoesBesideTheNearestInputThatHoldsIt() {
    assertEquals("form:targets:1:timeouts", Messages.clientId("form", "targets[1].timeouts.connectMs", INPUTS::contains));
  }

  @Test void aFieldThePageHasNoInputForIsAGlobalMessage() {
    assertNull(Messages.clientId("price", "effectiveFrom", INPUTS::contains));
    assertNull(Messages.clientId("form", "targets[2].timeouts.connectMs", INPUTS::contains));
    assertNull(Messages.clientId("price", "modelLimits.gpt-4o:mini.rpm", INPUTS::contains));
  }
}
