package org.airouter.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.airouter.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Whole Anthropic answers → OpenAI chat.completion. */
class AnthropicResponsesTest {

  @Test void textBecomesContentAndMaxTokensBecomesLength() {
    JsonObject out = AnthropicResponses.toOpenAi(Fixtures.json("anthropic/message-text.json"));
    assertEquals("chat.completion", out.getString("object"));
    assertEquals("claude-haiku-4-5", out.getString("model"));
    JsonObject choice = out.getJsonArray("choices").getJsonObject(0);
    assertEquals("Hello there", choice.getJsonObject("message").getString("content"));
    assertEquals("length", choice.getString("finish_reason"));
    assertFalse(choice.getJsonObject("message").containsKey("tool_calls"));
    assertEquals(8, out.getJsonObject("usage").getInt("prompt_tokens"));
    assertEquals(16, out.getJsonObject("usage").getInt("completion_tokens"));
    assertEquals(24, out.getJsonObject("usage").getInt("total_tokens"));
  }

  @Test void toolUseBlocksBecomeToolCallsInOrderAndThinkingIsLeftOut() {
    JsonObject out = AnthropicResponses.toOpenAi(Fixtures.json("anthropic/message-tools.json"));
    JsonObject choice = out.getJsonArray("choices").getJsonObject(0);
    JsonObject message = choice.getJsonObject("message");
    assertEquals("tool_calls", choice.getString("finish_reason"));
    assertEquals("Checking both.", message.getString("content"));
    assertEquals(2, message.getJsonArray("tool_calls").size());
    JsonObject second = message.getJsonArray("tool_calls").getJsonObject(1);
    assertEquals("toolu_02Rome", second.getString("id"));
    assertEquals("function", second.getString("type"));
    assertEquals("get_weather", second.getJsonObject("function").getString("name"));
    assertEquals("{\"city\":\"Rome\"}", second.getJsonObject("function").getString("arguments"));
  }

  @Test void cacheReadsAndWritesCountAsPromptTokensReadsAsCached() {
    JsonObject usage = AnthropicResponses.toOpenAi(Fixtures.json("anthropic/message-tools.json")).getJsonObject("usage");
    assertEquals(420, usage.getInt("prompt_tokens"));
    assertEquals(50, usage.getInt("completion_tokens"));
    assertEquals(470, usage.getInt("total_tokens"));
    assertEquals(300, usage.getJsonObject("prompt_tokens_details").getInt("cached_tokens"));
  }

  @Test void onlyToolCallsMeansNullContent() {
    JsonObject out = AnthropicResponses.toOpenAi(Json.createReader(new StringReader(
        "{\"id\":\"m\",\"model\":\"c\",\"stop_reason\":\"tool_use\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\","
            + "\"name\":\"f\",\"input\":{}}]}")).readObject());
    assertEquals(JsonValue.NULL, out.getJsonArray("choices").getJsonObject(0).getJsonObject("message").get("content"));
  }

  @Test void stopReasonsMapToFinishReasons() {
    assertEquals("stop", AnthropicResponses.finishReason("end_turn"));
    assertEquals("stop", AnthropicResponses.finishReason("stop_sequence"));
    assertEquals("length", AnthropicResponses.finishReason("max_tokens"));
    assertEquals("tool_calls", AnthropicResponses.finishReason("tool_use"));
    assertEquals("content_filter", AnthropicResponses.finishReason("refusal"));
  }
}
