package org.airouter.failover;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.airouter.wire.JsonIo;
import org.airouter.wire.SseEvent;

/**
 * Classifies one SSE event of a streamed answer ({@link FrameKind}) by the shape relayed to the client. The rule is
 * the issue's: content is non-empty text, a tool call or a refusal; a role-only or empty-content chunk is not.
 * Reasoning text counts as content too: the client shows it, so a retry after it would show it twice.
 */
public final class Frames {
  private Frames() {}

  public static FrameKind classify(StreamShape shape, SseEvent event) {
    String data = event.data();
    if (data.equals("[DONE]")) return FrameKind.END;
    JsonObject json = parse(data);
    if (json == null) return FrameKind.PREAMBLE;   // not JSON: nothing a client could show as an answer
    return switch (shape) {
      case OPENAI_CHAT -> chat(json);
      case OPENAI_RESPONSES -> responses(json.getString("type", event.name()), json);
      case ANTHROPIC_MESSAGES -> anthropic(json.getString("type", event.name()), json);
    };
  }

  /** The error an {@link FrameKind#ERROR} event carries. */
  public static ErrorFrame error(SseEvent event) {
    JsonObject json = parse(event.data());
    if (json == null) return new ErrorFrame(500, null, "The upstream stream failed.");
    JsonValue error = json.get("error");
    if (error == null && json.get("response") instanceof JsonObject response) error = response.get("error");
    JsonObject e = error instanceof JsonObject o ? o : json;   // Responses' "error" event keeps code/message on top
    String type = text(e, "type");
    String code = text(e, "code");
    String message = error instanceof JsonString s ? s.getString() : text(e, "message");
    return new ErrorFrame(ErrorFrame.statusFor(code, "error".equals(type) ? null : type),
        type != null && !type.equals("error") ? type : code, message == null ? "The upstream stream failed." : message);
  }

  private static FrameKind chat(JsonObject chunk) {
    if (chunk.containsKey("error") && chunk.get("error").getValueType() != JsonValue.ValueType.NULL) {
      return FrameKind.ERROR;
    }
    if (!(chunk.get("choices") instanceof JsonArray choices)) return FrameKind.PREAMBLE;
    boolean finished = false;
    for (JsonValue value : choices) {
      if (!(value instanceof JsonObject choice)) continue;
      if (nonEmpty(choice, "text")) return FrameKind.CONTENT;   // legacy completions
      if (choice.get("delta") instanceof JsonObject delta && (nonEmpty(delta, "content") || nonEmpty(delta, "refusal")
          || nonEmpty(delta, "reasoning_content") || nonEmpty(delta, "reasoning")
          || delta.get("tool_calls") instanceof JsonArray calls && !calls.isEmpty()
          || delta.get("function_call") instanceof JsonObject)) {
        return FrameKind.CONTENT;
      }
      if (choice.get("finish_reason") instanceof JsonString) finished = true;
    }
    return finished ? FrameKind.END : FrameKind.PREAMBLE;
  }

  private static FrameKind responses(String type, JsonObject event) {
    return switch (type) {
      case "error", "response.failed" -> FrameKind.ERROR;
      case "response.completed", "response.incomplete" -> FrameKind.END;
      case "response.output_text.delta", "response.refusal.delta", "response.function_call_arguments.delta",
          "response.reasoning_summary_text.delta", "response.reasoning_text.delta", "response.audio.delta",
          "response.audio.transcript.delta", "response.custom_tool_call_input.delta" ->
          nonEmpty(event, "delta") ? FrameKind.CONTENT : FrameKind.PREAMBLE;
      // A tool call item (function_call, web_search_call, ...) is content as it appears: it has its call id.
      case "response.output_item.added" -> event.get("item") instanceof JsonObject item
          && !"message".equals(item.getString("type", "message")) && !"reasoning".equals(item.getString("type", ""))
          ? FrameKind.CONTENT : FrameKind.PREAMBLE;
      default -> FrameKind.PREAMBLE;
    };
  }

  private static FrameKind anthropic(String type, JsonObject event) {
    switch (type) {
      case "error":
        return FrameKind.ERROR;
      case "message_stop":
        return FrameKind.END;
      case "content_block_start": {
        if (!(event.get("content_block") instanceof JsonObject block)) return FrameKind.PREAMBLE;
        String blockType = block.getString("type", "");
        if (blockType.equals("text")) return nonEmpty(block, "text") ? FrameKind.CONTENT : FrameKind.PREAMBLE;
        if (blockType.equals("thinking")) return nonEmpty(block, "thinking") ? FrameKind.CONTENT : FrameKind.PREAMBLE;
        return blockType.equals("redacted_thinking") ? FrameKind.PREAMBLE : FrameKind.CONTENT;   // tool use and kin
      }
      case "content_block_delta": {
        if (!(event.get("delta") instanceof JsonObject delta)) return FrameKind.PREAMBLE;
        return switch (delta.getString("type", "")) {
          case "text_delta" -> nonEmpty(delta, "text") ? FrameKind.CONTENT : FrameKind.PREAMBLE;
          case "input_json_delta" -> nonEmpty(delta, "partial_json") ? FrameKind.CONTENT : FrameKind.PREAMBLE;
          case "thinking_delta" -> nonEmpty(delta, "thinking") ? FrameKind.CONTENT : FrameKind.PREAMBLE;
          case "citations_delta" -> FrameKind.CONTENT;
          default -> FrameKind.PREAMBLE;   // signature_delta: no text of its own
        };
      }
      default:
        return FrameKind.PREAMBLE;   // message_start, ping, content_block_stop, message_delta
    }
  }

  private static boolean nonEmpty(JsonObject o, String field) {
    return o.get(field) instanceof JsonString s && !s.getString().isEmpty();
  }

  private static String text(JsonObject o, String field) {
    return o.get(field) instanceof JsonString s ? s.getString() : null;
  }

  private static JsonObject parse(String data) { return JsonIo.readObject(data).orElse(null); }
}
