package org.airouter.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.airouter.testing.Fixtures;
import org.junit.jupiter.api.Test;

class SseParserTest {

  @Test void eventsAreTheSameWhereverTheChunksAreCut() {
    List<SseEvent> whole = Fixtures.events("anthropic/tools.sse", Integer.MAX_VALUE);
    assertEquals(15, whole.size());
    for (int size : new int[] {1, 2, 3, 7, 64, 1000}) assertEquals(whole, Fixtures.events("anthropic/tools.sse", size));
    assertEquals("message_start", whole.get(0).name());
    assertEquals("{\"type\":\"message_stop\"}", whole.get(14).data());
  }

  @Test void crlfAndCrLineEndsCommentsMultiLineDataAndUnnamedEvents() {
    SseParser parser = new SseParser();
    List<SseEvent> out = new ArrayList<>();
    parser.accept(": keep-alive\r\n\r\nevent: a\r\ndata: 1\r\ndata:2\r\n\r\ndata: x\r\rdata: [DONE]".getBytes(StandardCharsets.UTF_8), out::add);
    assertEquals(List.of(new SseEvent("a", "1\n2"), new SseEvent("message", "x")), out);
    parser.finish(out::add);
    assertEquals(new SseEvent("message", "[DONE]"), out.get(2), "an event without its blank line still counts at the end");
  }

  @Test void aLineOverTheBoundIsCutAndItsEventDroppedWhileTheNextEventsCount() {
    SseParser parser = new SseParser(1024);
    List<SseEvent> out = new ArrayList<>();
    parser.accept("data: ".getBytes(StandardCharsets.UTF_8), out::add);
    byte[] piece = "x".repeat(512).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 100; i++) parser.accept(piece, out::add);   // 50 KiB in one line
    parser.accept("\ndata: more\n\nevent: b\ndata: next\n\n".getBytes(StandardCharsets.UTF_8), out::add);
    assertEquals(List.of(new SseEvent("b", "next")), out, "the broken event is dropped whole, the next one is read");
  }

  @Test void aLineUpToTheBoundIsRead() {
    SseParser parser = new SseParser(16);
    List<SseEvent> out = new ArrayList<>();
    parser.accept("data: 0123456789\r\r".getBytes(StandardCharsets.UTF_8), out::add);
    assertEquals(List.of(new SseEvent("message", "0123456789")), out);
  }
}
