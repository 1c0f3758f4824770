package org.airouter.provider.anthropic;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.airouter.provider.ChunkTranslator;
import org.airouter.wire.OpenAiError;
import org.airouter.wire.SseEvent;
import jakarta.json.JsonString;

/**
 * Anthropic stream events → OpenAI {@code chat.completion.chunk} payloads. One choice (index 0); each
 * {@code tool_use} block becomes the next tool call index (0, 1, … in block order, whatever Anthropic's block index),
 * its id and name in the first chunk and its {@code input_json_delta}s as argument deltas. The finish chunk carries
 * the finish reason; the usage chunk ({@code choices: []}) follows only when the client asked for it; {@code [DONE]}
 * ends a stream that ended well, and an {@code error} event ends it with an OpenAI error payload instead.
 */
final class AnthropicStream implements ChunkTranslator {
  static final String DONE = "[DONE]";

  private final boolean includeUsage;
  private final long created = System.currentTimeMillis() / 1000;
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
  private String id = "msg";
  private String model = "";
  private int toolCalls;
  private JsonObject startUsage = JsonValue.EMPTY_JSON_OBJECT;
  private JsonObject usage;
  private String finishReason;
  private boolean ended;
  private OpenAiError error;

  AnthropicStream(boolean includeUsage) { this.includeUsage = includeUsage; }

  @Override public void translate(SseEvent event, Consumer<String> out) {
    if (ended) return;
    JsonObject data = parse(event.data());
    String type = data == null ? event.name() : data.getString("type", event.name());
    switch (type) {
      case "message_start" -> {
        JsonObject message = data.getJsonObject("message");
        id = message.getString("id", id);
        model = message.getString("model", model);
        if (message.get("usage") instanceof JsonObject u) startUsage = u;
        usage = AnthropicResponses.usage(startUsage);
        out.accept(chunk(JsonIo.PROVIDER.createObjectBuilder().add("role", "assistant").add("content", ""), null));
      }
      case "content_block_start" -> {
        JsonObject block = data.getJsonObject("content_block");
        String blockType = block.getString("type", "");
        if (blockType.equals("tool_use")) {
          int index = toolCalls++;
          toolIndexByBlock.put(data.getInt("index", -1), index);
          out.accept(chunk(toolCall(index).add("id", block.getString("id", "")).add("type", "function")
              .add("function", JsonIo.PROVIDER.createObjectBuilder().add("name", block.getString("name", "")).add("arguments", "")),
              null));
        } else if (blockType.equals("text") && !block.getString("text", "").isEmpty()) {
          out.accept(chunk(JsonIo.PROVIDER.createObjectBuilder().add("content", block.getString("text")), null));
        }
      }
      case "content_block_delta" -> {
        JsonObject delta = data.getJsonObject("delta");
        switch (delta.getString("type", "")) {
          case "text_delta" -> out.accept(chunk(JsonIo.PROVIDER.createObjectBuilder().add("content", delta.getString("text", "")), null));
          case "input_json_delta" -> {
            Integer index = toolIndexByBlock.get(data.getInt("index", -1));
            String partial = delta.getString("partial_json", "");
            if (index != null && !partial.isEmpty()) {
              out.accept(chunk(toolCall(index).add("function", JsonIo.PROVIDER.createObjectBuilder().add("arguments", partial)), null));
            }
          }
          default -> { }   // thinking_delta, signature_delta, citations: not part of an OpenAI answer
        }
      }
      case "message_delta" -> {
        JsonObject delta = data.getJsonObject("delta");
        if (delta != null && delta.get("stop_reason") instanceof JsonString reason) {
          finishReason = AnthropicResponses.finishReason(reason.getString());
        }
        if (data.get("usage") instanceof JsonObject u) {
          // message_delta's counts are cumulative; input counts may come again here (newer API) or only at the start.
          JsonObjectBuilder merged = JsonIo.PROVIDER.createObjectBuilder(startUsage);
          u.forEach((k, v) -> { if (v.getValueType() == JsonValue.ValueType.NUMBER) merged.add(k, v); });
          usage = AnthropicResponses.usage(merged.build());
        }
        out.accept(chunk(JsonIo.PROVIDER.createObjectBuilder(), finishReason == null ? "stop" : finishReason));
      }
      case "message_stop" -> {
        if (includeUsage && usage != null) {
          out.accept(base().add("choices", JsonValue.EMPTY_JSON_ARRAY).add("usage", usage).build().toString());
        }
        out.accept(DONE);
        ended = true;
      }
      case "error" -> fail(AnthropicErrors.fromEvent(event.data()), out);
      case "ping" -> out.accept(KEEP_ALIVE);
      default -> { }   // content_block_stop and event types added later
    }
  }

  @Override public void finish(Consumer<String> out) {
    if (!ended) fail(OpenAiError.upstreamStreamBroken(), out);
  }

  @Override public JsonObject usage() { return usage; }

  @Override public OpenAiError error() { return error; }

  private void fail(OpenAiError e, Consumer<String> out) {
    error = e;
    ended = true;
    out.accept(e.toJson().toString());
  }

  private JsonObjectBuilder toolCall(int index) {
    return JsonIo.PROVIDER.createObjectBuilder().add("index", index);
  }

  private String chunk(JsonObjectBuilder deltaOrCall, String finish) {
    JsonObject built = deltaOrCall.build();
    JsonObject delta = built.containsKey("index")
        ? JsonIo.PROVIDER.createObjectBuilder().add("tool_calls", JsonIo.PROVIDER.createArrayBuilder().add(built)).build() : built;
    JsonObjectBuilder choice = JsonIo.PROVIDER.createObjectBuilder().add("index", 0).add("delta", delta).addNull("logprobs");
    if (finish == null) choice.addNull("finish_reason"); else choice.add("finish_reason", finish);
    return base().add("choices", JsonIo.PROVIDER.createArrayBuilder().add(choice)).build().toString();
  }

  private JsonObjectBuilder base() {
    return JsonIo.PROVIDER.createObjectBuilder().add("id", id).add("object", "chat.completion.chunk").add("created", created)
        .add("model", model);
  }

  private static JsonObject parse(String data) { return JsonIo.readObject(data).orElse(null); }

}
