package org.airouter.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.airouter.secrets.Redactor;
import org.junit.jupiter.api.Test;

class CapturesTest {
  private static final String PROVIDER_KEY = "prov-0123456789abcdefXYZ";

  /** Collects what would be inserted. */
  static final class Collected extends CaptureStore {
    final List<CaptureRecord> rows = new CopyOnWriteArrayList<>();

    Collected() { super(null); }

    @Override public void insert(CaptureRecord r) { rows.add(r); }
  }

  @Test void offUnlessSwitchedOnForTheRouteOrTheKey() {
    Captures captures = new Captures(new Collected(), 1024, 7, Clock.systemUTC());
    assertNull(captures.start("req_1", "chat", "ci", "/chat/completions"));
    captures.switches().turnOn(CaptureSwitches.Kind.ROUTE, "chat", Instant.now().plusSeconds(60));
    captures.switches().turnOn(CaptureSwitches.Kind.KEY, "debug-key", Instant.now().plusSeconds(60));
    assertNotNull(captures.start("req_2", "chat", "ci", "/chat/completions"));
    assertNotNull(captures.start("req_3", "other", "debug-key", "/chat/completions"));
    assertNull(captures.start("req_4", "other", "ci", "/chat/completions"));
    captures.close();
  }

  @Test void anExpiredSwitchCapturesNothingAndIsNotListed() {
    Captures captures = new Captures(new Collected(), 1024, 7, Clock.systemUTC());
    captures.switches().turnOn(CaptureSwitches.Kind.ROUTE, "chat", Instant.now().minusSeconds(1));
    assertNull(captures.start("req_1", "chat", "ci", "/chat/completions"));
    assertTrue(captures.switches().all().isEmpty());
    captures.close();
  }

  @Test void neverCapturesWithoutAStore() {
    Captures off = Captures.off();
    off.switches().turnOn(CaptureSwitches.Kind.ROUTE, "chat", Instant.now().plusSeconds(60));
    assertNull(off.start("req_1", "chat", "ci", "/chat/completions"));
  }

  @Test void storesBodiesRedactedAndCappedOffTheCallingThread() {
    Collected store = new Collected();
    Captures captures = new Captures(store, 200, 7, Clock.systemUTC());
    captures.switches().turnOn(CaptureSwitches.Kind.KEY, "ci", Instant.now().plusSeconds(60));
    Capture capture = captures.start("req_1", "chat", "ci", "/chat/completions");
    byte[] request = ("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is sk-live1234567890abcd"
        + " and " + PROVIDER_KEY + "\"}],\"pad\":\"" + "p".repeat(500) + "\"}").getBytes(StandardCharsets.UTF_8);
    capture.request(request, 0, request.length);
    capture.answer("data: {\"choices\":[{\"delta\":{\"content\":\"echo sk-live1234567890abcd\"}}]}\n\n"
        .getBytes(StandardCharsets.UTF_8));
    capture.answer("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    Redactor route = Redactor.of(PROVIDER_KEY, Map.of(), Map.of());
    captures.finish(capture, "m", true, 200, null, List.of(route));
    captures.close();   // waits for the writer

    assertEquals(1, store.rows.size());
    CaptureRecord row = store.rows.get(0);
    CaptureRecord.Bodies b = row.bodies();
    assertFalse(b.request().contains("sk-live"), b.request());
    assertFalse(b.request().contains("0123456789abcdef"), b.request());
    assertTrue(b.request().contains(Redactor.MARK), b.request());
    assertTrue(b.requestTruncated());
    assertEquals(request.length, b.requestBytes());
    assertFalse(b.answer().contains("sk-live"), b.answer());
    assertTrue(b.answer().contains("data: [DONE]"), b.answer());
    assertFalse(b.answerTruncated());
    assertEquals("chat", row.route());
    assertEquals("ci", row.key());
    assertTrue(row.stream());
  }
}
