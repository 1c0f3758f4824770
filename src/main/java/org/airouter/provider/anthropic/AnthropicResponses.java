package org.airouter.provider.anthropic;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonArray;

/**
 * Anthropic message → OpenAI {@code chat.completion}: text blocks joined into {@code content}, {@code tool_use}
 * blocks as {@code tool_calls} (input as JSON text), the stop reason as {@code finish_reason}, usage with the cache
 * reads counted as cached prompt tokens. Thinking blocks are left out.
 */
final class AnthropicResponses {
  private AnthropicResponses() {}

  static JsonObject toOpenAi(JsonObject message) {
    StringBuilder text = new StringBuilder();
    JsonArrayBuilder calls = JsonIo.PROVIDER.createArrayBuilder();
    int callCount = 0;
    if (message.get("content") instanceof JsonArray blocks) {
      for (JsonValue value : blocks) {
        JsonObject block = value.asJsonObject();
        switch (block.getString("type", "")) {
          case "text" -> text.append(block.getString("text", ""));
          case "tool_use" -> {
            calls.add(JsonIo.PROVIDER.createObjectBuilder().add("id", block.getString("id", "")).add("type", "function")
                .add("function", JsonIo.PROVIDER.createObjectBuilder().add("name", block.getString("name", ""))
                    .add("arguments", block.containsKey("input") ? block.get("input").toString() : "{}")));
            callCount++;
          }
          default -> { }   // thinking, redacted_thinking: not part of an OpenAI answer
        }
      }
    }
    JsonObjectBuilder msg = JsonIo.PROVIDER.createObjectBuilder().add("role", "assistant");
    if (text.length() > 0 || callCount == 0) msg.add("content", text.toString()); else msg.addNull("content");
    msg.addNull("refusal");
    if (callCount > 0) msg.add("tool_calls", calls);
    JsonObjectBuilder out = JsonIo.PROVIDER.createObjectBuilder()
        .add("id", message.getString("id", "msg"))
        .add("object", "chat.completion")
        .add("created", System.currentTimeMillis() / 1000)
        .add("model", message.getString("model", ""))
        .add("choices", JsonIo.PROVIDER.createArrayBuilder().add(JsonIo.PROVIDER.createObjectBuilder().add("index", 0).add("message", msg)
            .addNull("logprobs").add("finish_reason", finishReason(stringOrNull(message, "stop_reason")))));
    if (message.get("usage") instanceof JsonObject usage) out.add("usage", usage(usage));
    return out.build();
  }

  /** Anthropic stop reasons → OpenAI finish reasons. */
  static String finishReason(String stopReason) {
    if (stopReason == null) return "stop";
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      default -> "stop";   // end_turn, stop_sequence, pause_turn
    };
  }

  /**
   * Anthropic usage → OpenAI usage. Anthropic's {@code input_tokens} leaves out the cached part, OpenAI's
   * {@code prompt_tokens} includes it: prompt = input + cache reads + cache writes, cached = cache reads.
   */
  static JsonObject usage(JsonObject usage) {
    int input = integer(usage, "input_tokens");
    int cacheRead = integer(usage, "cache_read_input_tokens");
    int cacheWrite = integer(usage, "cache_creation_input_tokens");
    int output = integer(usage, "output_tokens");
    int prompt = input + cacheRead + cacheWrite;
    return JsonIo.PROVIDER.createObjectBuilder().add("prompt_tokens", prompt).add("completion_tokens", output)
        .add("total_tokens", prompt + output)
        .add("prompt_tokens_details", JsonIo.PROVIDER.createObjectBuilder().add("cached_tokens", cacheRead))
        .build();
  }

  static int integer(JsonObject o, String field) {
    return o != null && o.get(field) instanceof JsonNumber n ? n.intValue() : 0;
  }

  private static String stringOrNull(JsonObject o, String field) {
    return o.get(field) instanceof JsonString s ? s.getString() : null;
  }
}
