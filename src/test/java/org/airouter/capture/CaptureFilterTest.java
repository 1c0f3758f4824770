package org.airouter.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureFilterTest {
  @Test void aStatusClassIsItsHundredCodes() {
    CaptureFilter f = CaptureFilter.of(null, null, "4XX");
    assertEquals(400, f.statusFrom());
    assertEquals(500, f.statusTo());
    assertEquals("4xx", f.status());
  }

  @Test void aCodeIsItself() {
    CaptureFilter f = CaptureFilter.of(null, null, " 429 ");
    assertEquals(429, f.statusFrom());
    assertEquals(430, f.statusTo());
    assertEquals("429", f.status());
  }

  @Test void blanksMeanAny() {
    CaptureFilter f = CaptureFilter.of(" ", "", null);
    assertTrue(f.isAll());
    assertNull(f.status());
    List<Object> params = new ArrayList<>();
    assertEquals("", f.where(params));
    assertTrue(params.isEmpty());
  }

  @Test void theConditionBindsEveryValueInOrder() {
    List<Object> params = new ArrayList<>();
    String where = CaptureFilter.of("chat", "ci-bot", "5xx").where(params);
    assertEquals(" where route = ? and client_key = ? and status >= ? and status < ?", where);
    assertEquals(List.of("chat", "ci-bot", 500, 600), params);
  }

  @Test void anythingElseIsRefusedWithTheReason() {
    for (String bad : new String[] {"abc", "6xx", "42", "4x", "1000", "099", "' or 1=1"}) {
      CaptureFilter.InvalidStatus e = assertThrows(CaptureFilter.InvalidStatus.class,
          () -> CaptureFilter.of(null, null, bad), bad);
      assertTrue(e.getMessage().startsWith("status: "), e.getMessage());
    }
  }
}
