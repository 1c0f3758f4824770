package org.airouter.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseFramerTest {

  /** The lines the framer reports ("" for a blank one) and the frames they make, cut into the given chunks. */
  private static final class Recorder implements SseFramer.Sink {
    final List<String> lines = new ArrayList<>();
    final List<String> frames = new ArrayList<>();
    final ByteArrayOutputStream line = new ByteArrayOutputStream();
    final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    byte[] chunk;
    int frameFrom;

    @Override public void text(byte[] bytes, int from, int to) { line.write(bytes, from, to - from); }

    @Override public void lineEnd(byte[] bytes, int next, boolean blank) {
      String text = line.toString(StandardCharsets.UTF_8);
      assertEquals(text.isEmpty(), blank, "blank is reported for an empty line only");
      lines.add(text);
      line.reset();
      if (blank) {
        frame.write(bytes, frameFrom, next - frameFrom);
        frames.add(frame.toString(StandardCharsets.UTF_8));
        frame.reset();
        frameFrom = next;
      }
    }

    static Recorder run(String... chunks) {
      SseFramer framer = new SseFramer();
      Recorder r = new Recorder();
      for (String c : chunks) {
        r.chunk = c.getBytes(StandardCharsets.UTF_8);
        r.frameFrom = 0;
        framer.accept(r.chunk, r);
        r.frame.write(r.chunk, r.frameFrom, r.chunk.length - r.frameFrom);
      }
      return r;
    }
  }

  @Test void lfCrlfAndBareCrAllEndLines() {
    assertEquals(List.of("data: a", "", "data: b", "", "data: c", ""),
        Recorder.run("data: a\n\ndata: b\r\n\r\ndata: c\r\r").lines);
  }

  @Test void framesEndAtBlankLinesAndKeepTheirBytes() {
    Recorder r = Recorder.run("data: a\n\ndata: b\r\n\r\ndata: c\r\r");
    assertEquals(List.of("data: a\n\n", "data: b\r\n\r\n", "data: c\r\r"), r.frames);
  }

  @Test void commentsMultiLineDataAndExtraBlankLinesAreLinesLikeAnyOther() {
    assertEquals(List.of(": ping", "", "event: x", "data: 1", "data: 2", "", "", ""),
        Recorder.run(": ping\n\nevent: x\ndata: 1\ndata: 2\n\n\n\n").lines);
  }

  @Test void theSameLinesWhereverTheStreamIsCut() {
    String all = ": c\r\n\r\ndata: a\rdata: b\r\rdata: é\n\ndata: d\r\n\r\n";
    List<String> whole = Recorder.run(all).lines;
    for (int cut = 1; cut < all.length(); cut++) {
      for (int cut2 = cut; cut2 < all.length(); cut2 += 3) {
        Recorder r = Recorder.run(all.substring(0, cut), all.substring(cut, cut2), all.substring(cut2));
        assertEquals(whole, r.lines, "cut at " + cut + " and " + cut2);
        assertEquals(all, String.join("", r.frames) + r.frame.toString(StandardCharsets.UTF_8),
            "every byte is in exactly one frame");
      }
    }
  }

  @Test void aCrlfCutBetweenCrAndLfIsOneLineEnd() {
    assertEquals(List.of("data: a", "", "data: b"), withTail(Recorder.run("data: a\r", "\n\r", "\ndata: b\r", "\n")));
  }

  @Test void aLineWithoutItsEndIsStillOpen() {
    SseFramer framer = new SseFramer();
    framer.accept("data: a\n\ndata: b".getBytes(StandardCharsets.UTF_8), new SseFramer.Sink() { });
    assertTrue(framer.inLine());
    framer.accept("\n".getBytes(StandardCharsets.UTF_8), new SseFramer.Sink() { });
    assertFalse(framer.inLine());
  }

  @Test void aHugeLineIsReportedInRangesNotCopied() {
    SseFramer framer = new SseFramer();
    byte[] piece = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
    int[] ranges = {0};
    long[] bytes = {0};
    SseFramer.Sink sink = new SseFramer.Sink() {
      @Override public void text(byte[] chunk, int from, int to) {
        assertTrue(chunk == piece, "a range of the chunk itself");
        ranges[0]++;
        bytes[0] += to - from;
      }
    };
    for (int i = 0; i < 100; i++) framer.accept(piece, sink);
    assertEquals(100, ranges[0]);
    assertEquals(100L * piece.length, bytes[0]);
  }

  private static List<String> withTail(Recorder r) {
    List<String> lines = new ArrayList<>(r.lines);
    if (r.line.size() > 0) lines.add(r.line.toString(StandardCharsets.UTF_8));
    return lines;
  }
}
