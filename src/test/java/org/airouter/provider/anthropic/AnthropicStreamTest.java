package org.airouter.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.airouter.provider.ChunkTranslator;
import org.airouter.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Anthropic stream fixtures → the OpenAI chunks a client SDK expects. */
class AnthropicStreamTest {

  @Test void textDeltasBecomeContentChunksEndingInDone() {
    AnthropicStream stream = new AnthropicStream(false);
    List<String> frames = Fixtures.translate(stream, "anthropic/text.sse");
    assertEquals("Hello there", Fixtures.joinedContent(frames));
    assertEquals("stop", Fixtures.finishReason(frames));
    assertEquals("[DONE]", frames.get(frames.size() - 1));
    JsonObject first = Fixtures.chunks(frames).get(0);
    assertEquals("assistant", first.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("role"));
    assertEquals("msg_01Text", first.getString("id"));
    assertEquals("chat.completion.chunk", first.getString("object"));
    assertEquals("claude-sonnet-4-5", first.getString("model"));
  }

  @Test void pingsBecomeKeepAlivesNotChunks() {
    List<String> frames = Fixtures.translate(new AnthropicStream(false), "anthropic/text.sse");
    assertEquals(1, frames.stream().filter(ChunkTranslator.KEEP_ALIVE::equals).count());
  }

  @Test void usageChunkOnlyWhenAskedButUsageIsAlwaysKnown() {
    AnthropicStream quiet = new AnthropicStream(false);
    assertEquals(List.of(), Fixtures.usageChunks(Fixtures.translate(quiet, "anthropic/text.sse")));
    assertEquals(35, quiet.usage().getInt("prompt_tokens"), "input plus cache reads");
    assertEquals(12, quiet.usage().getInt("completion_tokens"), "message_delta's cumulative output count");

    List<String> frames = Fixtures.translate(new AnthropicStream(true), "anthropic/text.sse");
    List<JsonObject> usage = Fixtures.usageChunks(frames);
    assertEquals(1, usage.size());
    assertEquals(0, usage.get(0).getJsonArray("choices").size());
    assertEquals(47, usage.get(0).getJsonObject("usage").getInt("total_tokens"));
    assertEquals(10, usage.get(0).getJsonObject("usage").getJsonObject("prompt_tokens_details").getInt("cached_tokens"));
    assertEquals("[DONE]", frames.get(frames.size() - 1), "the usage chunk comes right before [DONE]");
    assertEquals(usage.get(0).toString(), frames.get(frames.size() - 2));
  }

  @Test void parallelToolCallsGetContiguousIndicesAndArgumentDeltas() {
    List<String> frames = Fixtures.translate(new AnthropicStream(false), "anthropic/tools.sse");
    assertEquals("Checking both.", Fixtures.joinedContent(frames));
    assertEquals("tool_calls", Fixtures.finishReason(frames));
    StringBuilder[] args = {new StringBuilder(), new StringBuilder()};
    String[] ids = new String[2];
    String[] names = new String[2];
    for (JsonObject chunk : Fixtures.chunks(frames)) {
      JsonArray choices = chunk.getJsonArray("choices");
      JsonObject delta = choices.getJsonObject(0).getJsonObject("delta");
      if (!delta.containsKey("tool_calls")) continue;
      assertEquals(0, choices.getJsonObject(0).getInt("index"));
      assertEquals(1, delta.getJsonArray("tool_calls").size());
      JsonObject call = delta.getJsonArray("tool_calls").getJsonObject(0);
      int index = call.getInt("index");
      if (call.containsKey("id")) {
        assertNull(ids[index], "id and name come once, in the first chunk of a call");
        ids[index] = call.getString("id");
        names[index] = call.getJsonObject("function").getString("name");
        assertEquals("function", call.getString("type"));
      }
      args[index].append(call.getJsonObject("function").getString("arguments"));
    }
    assertEquals("toolu_01Paris", ids[0]);
    assertEquals("toolu_02Rome", ids[1]);
    assertEquals("get_weather", names[1]);
    assertEquals("{\"city\": \"Paris\"}", args[0].toString());
    assertEquals("{\"city\": \"Rome\"}", args[1].toString());
  }

  @Test void stopSequenceEndsWithStop() {
    List<String> frames = Fixtures.translate(new AnthropicStream(false), "anthropic/stop-sequence.sse");
    assertEquals("1, 2, ", Fixtures.joinedContent(frames));
    assertEquals("stop", Fixtures.finishReason(frames));
  }

  @Test void anErrorEventEndsTheStreamWithAnOpenAiErrorAndNoDone() {
    AnthropicStream stream = new AnthropicStream(true);
    List<String> frames = Fixtures.translate(stream, "anthropic/error-mid-stream.sse");
    String last = frames.get(frames.size() - 1);
    assertTrue(last.startsWith("{\"error\":"), last);
    assertTrue(frames.stream().noneMatch("[DONE]"::equals));
    assertEquals("Hel", Fixtures.joinedContent(frames.subList(0, frames.size() - 1)));
    assertEquals(503, stream.error().status());
    assertEquals("overloaded", stream.error().code());
  }

  @Test void aStreamThatStopsWithoutMessageStopEndsInAnError() {
    AnthropicStream stream = new AnthropicStream(false);
    List<String> out = new ArrayList<>();
    for (var event : Fixtures.events("anthropic/text.sse", 5).subList(0, 4)) stream.translate(event, out::add);
    stream.finish(out::add);
    assertEquals("upstream_stream_error", stream.error().code());
    assertTrue(out.get(out.size() - 1).contains("upstream_stream_error"));
  }
}
