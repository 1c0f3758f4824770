package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.airouter.usage.Tokens;
import org.junit.jupiter.api.Test;

class SseUsageFilterTest {
  static final String CONTENT = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\n";
  static final String USAGE = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}\n\n";
  static final String DONE = "data: [DONE]\n\n";

  static String run(UsageTap tap, String... chunks) {
    SseUsageFilter filter = new SseUsageFilter(tap);
    List<byte[]> out = new ArrayList<>();
    for (String chunk : chunks) filter.accept(chunk.getBytes(StandardCharsets.UTF_8), out::add);
    filter.finish(out::add);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    out.forEach(joined::writeBytes);
    return joined.toString(StandardCharsets.UTF_8);
  }

  @Test void theUsageOnlyChunkIsTakenOutAndEverythingElsePassesByteForByte() {
    UsageTap tap = new UsageTap();
    assertEquals(CONTENT + DONE, run(tap, CONTENT + USAGE + DONE));
    assertEquals(new Tokens(7, 2, 0, 0), tap.tokens());
  }

  @Test void framesSplitAcrossChunksAreReassembled() {
    String all = CONTENT + USAGE + DONE;
    for (int cut = 1; cut < all.length(); cut += 7) {
      UsageTap tap = new UsageTap();
      assertEquals(CONTENT + DONE, run(tap, all.substring(0, cut), all.substring(cut)), "cut at " + cut);
      assertEquals(new Tokens(7, 2, 0, 0), tap.tokens());
    }
  }

  @Test void crlfFramingIsUnderstood() {
    String content = CONTENT.replace("\n", "\r\n");
    String usage = USAGE.replace("\n", "\r\n");
    UsageTap tap = new UsageTap();
    assertEquals(content, run(tap, content + usage));
    assertEquals(new Tokens(7, 2, 0, 0), tap.tokens());
  }

  @Test void bareCrFramingIsUnderstood() {
    String content = CONTENT.replace("\n", "\r");
    String usage = USAGE.replace("\n", "\r");
    String done = DONE.replace("\n", "\r");
    UsageTap tap = new UsageTap();
    assertEquals(content + done, run(tap, content + usage + done));
    assertEquals(new Tokens(7, 2, 0, 0), tap.tokens());
  }

  @Test void aCrlfBlankLineCutBetweenItsCrAndLfStillEndsTheFrame() {
    String content = CONTENT.replace("\n", "\r\n");
    String usage = USAGE.replace("\n", "\r\n");
    String done = DONE.replace("\n", "\r\n");
    UsageTap tap = new UsageTap();
    String all = content + usage + done;
    int cut = content.length() + usage.length() - 1;   // between the usage frame's last CR and LF
    String out = run(tap, all.substring(0, cut), all.substring(cut));
    assertEquals(content + "\n" + done, out, "the LF left over is an empty line, which dispatches nothing");
    assertEquals(new Tokens(7, 2, 0, 0), tap.tokens());
  }

  @Test void aChunkWithChoicesAndUsageIsKeptWhole() {
    String both = "data: {\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"prompt_tokens\":1}}\n\n";
    assertEquals(both + DONE, run(new UsageTap(), both + DONE));
  }

  @Test void aFrameTooLongToBeTheUsageChunkPassesAsItComesInsteadOfBeingHeldWhole() {
    UsageTap tap = new UsageTap();
    SseUsageFilter filter = new SseUsageFilter(tap);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
    filter.accept(head.getBytes(StandardCharsets.UTF_8), out::writeBytes);
    byte[] piece = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);
    int maxHeld = 0;
    for (int i = 0; i < 1000; i++) {   // one frame of 1 MB, arriving in 1,000 pieces
      filter.accept(piece, out::writeBytes);
      maxHeld = Math.max(maxHeld, filter.held());
    }
    filter.accept(("\"}}]}\n\n" + USAGE + DONE).getBytes(StandardCharsets.UTF_8), out::writeBytes);
    filter.finish(out::writeBytes);

    assertTrue(maxHeld <= SseUsageFilter.MAX_HELD, maxHeld + " bytes of one frame held");
    assertEquals(head + "x".repeat(1_000_000) + "\"}}]}\n\n" + DONE, out.toString(StandardCharsets.UTF_8));
    assertEquals(new Tokens(7, 2, 0, 0), tap.tokens(), "the usage chunk after it is still taken out");
  }
}
