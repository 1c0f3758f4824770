package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.airouter.provider.anthropic.AnthropicProvider;
import org.junit.jupiter.api.Test;

/** The one answer held whole, a translated answer that is not streamed, is held only up to its bound. */
class AnswerShapeTest {
  static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}],\"stop_reason\":\"end_turn\","
      + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}";

  @Test void aTranslatedWholeAnswerWithinItsBoundIsTranslated() {
    BodyTransform body = AnswerShape.translated("claude", new AnthropicProvider(), false, ANSWER.length())
        .body(false, new UsageTap());
    List<byte[]> out = new ArrayList<>();
    body.accept(ANSWER.getBytes(StandardCharsets.UTF_8), out::add);
    body.finish(out::add);
    assertNull(body.failure());
    assertTrue(new String(out.get(0), StandardCharsets.UTF_8).contains("\"Hello\""));
  }

  @Test void aTranslatedWholeAnswerBeyondItsBoundIsA502AndNotKept() {
    BodyTransform body = AnswerShape.translated("claude", new AnthropicProvider(), false, 64)
        .body(false, new UsageTap());
    List<byte[]> out = new ArrayList<>();
    byte[] bytes = ANSWER.getBytes(StandardCharsets.UTF_8);
    body.accept(Arrays.copyOfRange(bytes, 0, 40), out::add);
    body.accept(Arrays.copyOfRange(bytes, 40, bytes.length), out::add);
    body.finish(out::add);
    assertTrue(out.isEmpty(), "nothing of the answer is sent");
    assertEquals(502, body.failure().status());
    assertEquals("upstream_answer_too_large", body.failure().code());
    assertEquals("upstream_answer_too_large", body.errorCode());
  }
}
