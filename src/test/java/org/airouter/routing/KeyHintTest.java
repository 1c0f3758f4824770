package org.airouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class KeyHintTest {
  @Test void aLongKeyShowsItsPrefixAndLastFour() {
    assertEquals("sk-…wxyz", KeyHint.of("sk-browser-provider-key-wxyz"));
    assertEquals("…6789", KeyHint.of("azure0provider0key0006789"));   // no dash near the start: no prefix
    assertEquals("sk-…abcd", KeyHint.of("sk-12345abcd"));              // twelve characters: the shortest shown
  }

  @Test void aShortKeySaysSoInsteadOfABareEllipsis() {
    for (String key : new String[] {"x", "sk-1", "sk-1234abcd"}) {   // 1, 4 and 11 characters
      String hint = KeyHint.of(key);
      assertEquals("short key, hidden", hint, key);
      assertFalse(hint.contains(key), "nothing of a short key is shown");
    }
  }

  @Test void noKeyIsNoHintAndAnUnreadableKeySaysSo() {
    assertNull(KeyHint.of(null));
    assertEquals("stored key cannot be opened", KeyHint.unreadable());
  }
}
