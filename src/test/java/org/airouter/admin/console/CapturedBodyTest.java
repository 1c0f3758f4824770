package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CapturedBodyTest {
  @Test void wholeJsonIsPrettyPrintedWithItsValuesKept() {
    CapturedBody b = CapturedBody.of("{\"model\":\"m\",\"messages\":[{\"content\":\"[redacted] <b>x</b>\"}]}", 61,
        false);
    assertTrue(b.json());
    assertTrue(b.text().contains("\n"), b.text());
    assertTrue(b.text().contains("\"model\": \"m\""), b.text());
    assertTrue(b.text().contains("[redacted] <b>x</b>"), "text stays text; the page escapes it: " + b.text());
    assertEquals(61, b.bytes());
  }

  @Test void aBodyCutAtTheCapIsShownAsStored() {
    String stored = "{\"model\":\"m\",\"messages\":[{\"content\":\"xxxx";
    CapturedBody b = CapturedBody.of(stored, 9000, true);
    assertFalse(b.json());
    assertEquals(stored, b.text());
    assertTrue(b.truncated());
    assertEquals(stored.length(), b.keptBytes());
    assertEquals(9000, b.bytes());
  }

  @Test void textSseAndNotesAreShownAsStored() {
    for (String stored : new String[] {"data: {\"a\":1}\n\ndata: [DONE]\n\n", "(120 bytes of audio/wav, not captured)",
        "42", "not json {"}) {
      CapturedBody b = CapturedBody.of(stored, stored.length(), false);
      assertFalse(b.json(), stored);
      assertEquals(stored, b.text());
    }
  }

  @Test void nothingStoredIsEmptyText() {
    CapturedBody b = CapturedBody.of(null, 0, false);
    assertEquals("", b.text());
    assertEquals(0, b.keptBytes());
  }

  @Test void keptBytesCountUtf8() {
    assertEquals(2, CapturedBody.of("é", 2, false).keptBytes());
  }
}
