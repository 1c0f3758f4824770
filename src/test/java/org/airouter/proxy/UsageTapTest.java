package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.airouter.usage.Tokens;
import org.junit.jupiter.api.Test;

class UsageTapTest {
  static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  @Test void usageAtTheEndOfAWholeBodyIsFound() {
    UsageTap tap = new UsageTap();
    tap.seen(bytes("{\"id\":\"c\",\"choices\":[{\"message\":{\"content\":\"usage: none\"}}],"));
    tap.seen(bytes("\"usage\": {\"prompt_tokens\": 12, \"completion_tokens\": 3, \"total_tokens\": 15,"
        + " \"prompt_tokens_details\": {\"cached_tokens\": 4}, \"completion_tokens_details\": {\"reasoning_tokens\": 2}}}"));

    assertEquals(new Tokens(12, 3, 4, 2), tap.tokens());
  }

  @Test void theLastNonNullUsageOfAStreamCounts() {
    UsageTap tap = new UsageTap();
    tap.seen(bytes("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\n"));
    tap.seen(bytes("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n"));

    assertEquals(new Tokens(7, 2, 0, 0), tap.tokens());
    assertEquals(3, tap.frames());
  }

  @Test void anErrorFrameInAStreamGivesItsCode() {
    UsageTap tap = new UsageTap();
    tap.seen(bytes("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"));
    tap.seen(bytes("data: {\"error\": {\"message\":\"boom\",\"type\":\"server_error\",\"code\":\"overloaded\"}}\n\n"));

    assertEquals("overloaded", tap.streamErrorCode());
  }

  @Test void anErrorFrameWithoutACodeGivesItsTypeElseUpstreamError() {
    UsageTap typed = new UsageTap();
    typed.seen(bytes("data:{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}}\r\n\r\n"));
    UsageTap bare = new UsageTap();
    bare.seen(bytes("data: {\"error\":\"boom\"}\n\n"));

    assertEquals("server_error", typed.streamErrorCode());
    assertEquals("upstream_error", bare.streamErrorCode());
  }

  @Test void aStreamWithoutAnErrorFrameHasNoErrorCode() {
    UsageTap tap = new UsageTap();
    tap.seen(bytes("data: {\"choices\":[{\"delta\":{\"content\":\"data: {\\\"error\\\": no\"}}]}\n\ndata: [DONE]\n\n"));

    assertNull(tap.streamErrorCode(), "an error quoted in the content is not the upstream's error");
  }

  @Test void onlyTheTailIsKeptSoAHugeBodyCostsNoMemory() {
    UsageTap tap = new UsageTap();
    tap.seen(bytes("{\"usage\":{\"prompt_tokens\":99},\"data\":\""));
    for (int i = 0; i < 1000; i++) tap.seen(bytes("x".repeat(1000)));
    tap.seen(bytes("\"}"));

    assertNull(tap.tokens(), "a usage 1 MB back is out of the window, not parsed");
  }

  @Test void responsesApiUsageIsRead() {
    UsageTap tap = new UsageTap();
    tap.seen(bytes("{\"usage\":{\"input_tokens\":5,\"output_tokens\":8,\"output_tokens_details\":{\"reasoning_tokens\":3}}}"));
    assertEquals(new Tokens(5, 8, 0, 3), tap.tokens());
  }

  @Test void framesAreCountedAcrossChunkBoundaries() {
    UsageTap tap = new UsageTap();
    tap.seen(bytes("data: a\n"));
    tap.seen(bytes("\ndata: b\n\nda"));
    tap.seen(bytes("ta: c\n\n"));
    assertEquals(3, tap.frames());
  }

  @Test void framesEndedByBareCrOrCrlfAreCountedToo() {
    UsageTap tap = new UsageTap();
    tap.seen(bytes("data: a\r\rdata: b\r"));
    tap.seen(bytes("\n\r\ndata: c\r\n\r\n: ping\r\r"));
    assertEquals(3, tap.frames());
  }
}
