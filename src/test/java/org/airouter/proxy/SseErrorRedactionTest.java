package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.airouter.secrets.Redactor;
import org.junit.jupiter.api.Test;

/** Error frames in a stream lose the route's secrets; every other frame passes as it came. */
class SseErrorRedactionTest {
  static final String KEY = "prov-7Hq2LmX9vB4nT8wZ";
  final SseErrorRedaction redaction = new SseErrorRedaction(null, Redactor.of(KEY, Map.of(), Map.of()));
  final List<byte[]> out = new ArrayList<>();

  static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  String received() {
    StringBuilder all = new StringBuilder();
    out.forEach(b -> all.append(new String(b, StandardCharsets.UTF_8)));
    return all.toString();
  }

  @Test void wholeFramesWithoutAnErrorPassAsTheSameBytes() {
    byte[] chunk = bytes("data: {\"choices\":[{\"delta\":{\"content\":\"" + KEY + "\"}}]}\n\n");
    redaction.accept(chunk, out::add);
    assertSame(chunk, out.get(0), "not copied, not parsed");
  }

  @Test void anErrorFrameSplitAcrossChunksIsRedactedWhole() {
    String frames = "data: {\"choices\":[]}\n\ndata: {\"error\":{\"message\":\"bad key \\u0070rov-7Hq2Lm"
        + "X9vB4nT8wZ\",\"code\":\"" + KEY + "\"}}\r\n\r\ndata: [DONE]\n\n";
    for (int cut : new int[] {5, 30, 60, 90}) {
      out.clear();
      SseErrorRedaction fresh = new SseErrorRedaction(null, Redactor.of(KEY, Map.of(), Map.of()));
      fresh.accept(bytes(frames.substring(0, cut)), out::add);
      fresh.accept(bytes(frames.substring(cut)), out::add);
      fresh.finish(out::add);
      String got = received();
      assertFalse(got.contains("7Hq2Lm") || got.contains("X9vB4nT8wZ"), got);
      assertEquals("data: {\"choices\":[]}\n\ndata: {\"error\":{\"message\":\"bad key [redacted]\",\"code\":"
          + "\"[redacted]\"}}\r\n\r\ndata: [DONE]\n\n", got, "cut at " + cut);
    }
  }

  @Test void anUnfinishedFrameIsRedactedAtTheEnd() {
    redaction.accept(bytes("event: error\ndata: {\"type\":\"error\",\"error\":{\"message\":\"" + KEY + "\"}}"),
        out::add);
    assertTrue(out.isEmpty(), "a frame waits for its end");
    redaction.finish(out::add);
    assertEquals("event: error\ndata: {\"type\":\"error\",\"error\":{\"message\":\"[redacted]\"}}", received());
  }

  @Test void aLongFrameWithoutAnErrorIsNotHeldWholeAndTheErrorFrameAfterItIsStillRedacted() {
    String content = "data: {\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(200_000) + "\"}}]}\n";
    String frames = content + "\ndata: {\"error\":{\"message\":\"" + KEY + "\"}}\n\n";
    byte[] all = bytes(frames);
    int most = 0;
    // 4 KiB chunks, cut so that the blank line ending the long frame falls across two chunks
    int first = content.length() % 4096 + 1;
    redaction.accept(Arrays.copyOfRange(all, 0, first), out::add);
    for (int from = first; from < all.length; from += 4096) {
      int to = Math.min(all.length, from + 4096);
      redaction.accept(Arrays.copyOfRange(all, from, to), out::add);
      int passed = out.stream().mapToInt(b -> b.length).sum();
      most = Math.max(most, Math.max(redaction.held(), to - passed));   // what went in and has not come out
    }
    redaction.finish(out::add);
    assertTrue(most <= 12 * 1024, "held at most about 8 KiB of a content frame, not all of it: " + most);
    String got = received();
    assertTrue(got.startsWith(content), "the long frame passes unchanged");
    assertFalse(got.contains(KEY), got.substring(content.length()));
    assertTrue(got.endsWith("[redacted]\"}}\n\n"), got.substring(content.length()));
  }
}
