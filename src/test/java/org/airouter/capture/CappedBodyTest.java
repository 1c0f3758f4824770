package org.airouter.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CappedBodyTest {
  @Test void keepsTheFirstBytesUpToTheCapAndCountsTheRest() {
    CappedBody body = new CappedBody(10);
    body.add("hello ".getBytes(StandardCharsets.UTF_8));
    body.add("world, and more".getBytes(StandardCharsets.UTF_8));
    assertEquals("hello worl", body.text());
    assertEquals(21, body.total());
    assertTrue(body.truncated());
  }

  @Test void aBodyWithinTheCapIsWholeAndNotTruncated() {
    CappedBody body = new CappedBody(64);
    byte[] bytes = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    body.add(bytes, 0, bytes.length);
    assertEquals("{\"a\":1}", body.text());
    assertFalse(body.truncated());
  }

  @Test void holdsNoMoreThanTheCapHoweverLongTheStream() throws Exception {
    CappedBody body = new CappedBody(1000);
    byte[] chunk = new byte[4096];
    for (int i = 0; i < 1000; i++) body.add(chunk);
    var field = CappedBody.class.getDeclaredField("bytes");
    field.setAccessible(true);
    assertEquals(1000, ((byte[]) field.get(body)).length);
    assertEquals(4_096_000, body.total());
  }
}
