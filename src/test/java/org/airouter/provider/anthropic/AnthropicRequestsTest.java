package org.airouter.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.airouter.provider.TranslatedChat.UnsupportedRequest;
import org.airouter.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** OpenAI chat requests → Anthropic Messages requests, one rule per test. */
class AnthropicRequestsTest {

  private static JsonObject translate(String openAiJson) {
    return AnthropicRequests.fromOpenAi(Json.createReader(new StringReader(openAiJson)).readObject());
  }

  @Test void systemImagesParallelToolCallsToolResultsToolsChoiceStopAndLimits() {
    assertEquals(Fixtures.json("anthropic/messages-request.json"),
        AnthropicRequests.fromOpenAi(Fixtures.json("anthropic/chat-request.json")));
  }

  @Test void maxTokensIsDefaultedBecauseAnthropicRequiresIt() {
    JsonObject out = translate("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(AnthropicRequests.DEFAULT_MAX_TOKENS, out.getInt("max_tokens"));
    assertEquals(123, translate("{\"model\":\"c\",\"max_tokens\":123,\"messages\":[]}").getInt("max_tokens"));
    assertFalse(out.containsKey("system"));
    assertFalse(out.containsKey("stream"));
  }

  @Test void stopArraysAndToolChoicesMap() {
    JsonObject out = translate("""
        {"model":"c","stop":["a","b"],"messages":[],
         "tools":[{"type":"function","function":{"name":"f"}}],
         "tool_choice":{"type":"function","function":{"name":"f"}}}""");
    assertEquals(Json.createArrayBuilder().add("a").add("b").build(), out.getJsonArray("stop_sequences"));
    assertEquals(Json.createObjectBuilder().add("type", "tool").add("name", "f").build(), out.getJsonObject("tool_choice"));
    assertEquals("object", out.getJsonArray("tools").getJsonObject(0).getJsonObject("input_schema").getString("type"),
        "a tool without parameters still gets an input schema");
    assertEquals("auto", translate("{\"model\":\"c\",\"messages\":[],\"tool_choice\":\"auto\","
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}").getJsonObject("tool_choice").getString("type"));
    assertFalse(translate("{\"model\":\"c\",\"messages\":[],\"tool_choice\":\"auto\"}").containsKey("tool_choice"),
        "no tools, no tool choice");
  }

  @Test void jsonResponseFormatBecomesAnInstruction() {
    JsonObject out = translate("""
        {"model":"c","messages":[{"role":"system","content":"S"}],
         "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}}}""");
    assertEquals("S\n\nAnswer with one JSON object and nothing else (no prose, no code fences) that conforms to this "
        + "JSON Schema: {\"type\":\"object\"}", out.getString("system"));
  }

  @Test void whatAnthropicCannotDoIsABadRequest() {
    assertEquals("n", assertThrows(UnsupportedRequest.class,
        () -> translate("{\"model\":\"c\",\"n\":2,\"messages\":[]}")).param());
    assertThrows(UnsupportedRequest.class, () -> translate(
        "{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}"));
    assertThrows(UnsupportedRequest.class, () -> translate("{\"model\":\"c\"}"));
  }
}
