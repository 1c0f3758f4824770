package org.airouter.provider.anthropic;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.airouter.provider.TranslatedChat.UnsupportedRequest;

/**
 * OpenAI chat completion request → Anthropic Messages request. What maps: system and developer messages (joined into
 * {@code system}), text and image parts (URL and base64 data URLs), assistant tool calls and tool results (parallel
 * ones grouped in one turn, as Anthropic wants), tools, {@code tool_choice}, {@code parallel_tool_calls}, stop
 * sequences, max tokens (defaulted: Anthropic requires it), temperature (capped at Anthropic's 1), top_p, user, stream.
 * JSON response formats become an instruction in {@code system} (Anthropic has no JSON mode). {@code n} > 1 and
 * audio are refused; penalties, seed, logprobs and logit_bias are dropped.
 */
final class AnthropicRequests {
  /** Anthropic requires max_tokens; every current model allows at least this many. */
  static final int DEFAULT_MAX_TOKENS = 4096;

  private AnthropicRequests() {}

  static JsonObject fromOpenAi(JsonObject req) {
    JsonObjectBuilder out = JsonIo.PROVIDER.createObjectBuilder();
    out.add("model", req.getString("model", ""));
    out.add("max_tokens", maxTokens(req));
    if (req.get("n") instanceof JsonNumber n && n.intValue() > 1) {
      throw new UnsupportedRequest("Anthropic models return one choice: 'n' must be 1.", "n");
    }

    List<String> system = new ArrayList<>();
    List<Turn> turns = new ArrayList<>();
    JsonValue messages = req.get("messages");
    if (!(messages instanceof JsonArray array)) throw new UnsupportedRequest("'messages' must be an array.", "messages");
    for (JsonValue value : array) {
      if (!(value instanceof JsonObject m)) throw new UnsupportedRequest("Each message must be an object.", "messages");
      String role = m.getString("role", "");
      switch (role) {
        case "system", "developer" -> system.add(text(m.get("content")));
        case "user" -> turn(turns, "user").addAll(userContent(m.get("content")));
        case "assistant" -> turn(turns, "assistant").addAll(assistantContent(m));
        case "tool", "function" -> turn(turns, "user").add(toolResult(m));
        default -> throw new UnsupportedRequest("Unknown message role '" + role + "'.", "messages");
      }
    }
    String format = responseFormatInstruction(req.get("response_format"));
    if (format != null) system.add(format);
    if (!system.isEmpty()) out.add("system", String.join("\n\n", system));
    JsonArrayBuilder outMessages = JsonIo.PROVIDER.createArrayBuilder();
    for (Turn turn : turns) {
      JsonArrayBuilder content = JsonIo.PROVIDER.createArrayBuilder();
      turn.blocks.forEach(content::add);
      outMessages.add(JsonIo.PROVIDER.createObjectBuilder().add("role", turn.role).add("content", content));
    }
    out.add("messages", outMessages);

    JsonValue stop = req.get("stop");
    if (stop instanceof JsonString s) out.add("stop_sequences", JsonIo.PROVIDER.createArrayBuilder().add(s));
    else if (stop instanceof JsonArray a && !a.isEmpty()) out.add("stop_sequences", a);
    if (req.get("temperature") instanceof JsonNumber t) out.add("temperature", Math.min(1.0, t.doubleValue()));
    if (req.get("top_p") instanceof JsonNumber p) out.add("top_p", p);
    if (req.get("user") instanceof JsonString user) {
      out.add("metadata", JsonIo.PROVIDER.createObjectBuilder().add("user_id", user));
    }
    if (req.get("stream") == JsonValue.TRUE) out.add("stream", true);

    boolean hasTools = req.get("tools") instanceof JsonArray tools && !tools.isEmpty();
    if (hasTools) out.add("tools", tools(req.getJsonArray("tools")));
    JsonObject choice = toolChoice(req.get("tool_choice"), req.get("parallel_tool_calls") == JsonValue.FALSE);
    if (choice != null && hasTools) out.add("tool_choice", choice);
    return out.build();
  }

  private static int maxTokens(JsonObject req) {
    for (String field : List.of("max_completion_tokens", "max_tokens")) {
      if (req.get(field) instanceof JsonNumber n) return n.intValue();
    }
    return DEFAULT_MAX_TOKENS;
  }

  // ---- messages ----

  private record Turn(String role, List<JsonValue> blocks) {}

  /** Consecutive messages of one role become one turn: tool results of parallel calls share a user turn. */
  private static List<JsonValue> turn(List<Turn> turns, String role) {
    if (!turns.isEmpty() && turns.get(turns.size() - 1).role.equals(role)) return turns.get(turns.size() - 1).blocks;
    Turn turn = new Turn(role, new ArrayList<>());
    turns.add(turn);
    return turn.blocks;
  }

  private static List<JsonValue> userContent(JsonValue content) {
    List<JsonValue> blocks = new ArrayList<>();
    if (content instanceof JsonString s) {
      blocks.add(textBlock(s.getString()));
    } else if (content instanceof JsonArray parts) {
      for (JsonValue part : parts) {
        JsonObject p = part.asJsonObject();
        switch (p.getString("type", "")) {
          case "text" -> blocks.add(textBlock(p.getString("text", "")));
          case "image_url" -> blocks.add(image(p.get("image_url")));
          default -> throw new UnsupportedRequest("Content parts of type '" + p.getString("type", "")
              + "' are not supported by Anthropic models.", "messages");
        }
      }
    }
    return blocks;
  }

  /** {@code image_url} is a URL, or a data URL holding base64: Anthropic takes both as an image source. */
  private static JsonObject image(JsonValue imageUrl) {
    String url = imageUrl instanceof JsonObject o ? o.getString("url", "") : imageUrl instanceof JsonString s ? s.getString() : "";
    JsonObjectBuilder source = JsonIo.PROVIDER.createObjectBuilder();
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      String meta = comma < 0 ? "" : url.substring(5, comma);
      if (comma < 0 || !meta.endsWith(";base64")) {
        throw new UnsupportedRequest("Image data URLs must be base64 encoded.", "messages");
      }
      source.add("type", "base64").add("media_type", meta.substring(0, meta.length() - 7)).add("data", url.substring(comma + 1));
    } else {
      source.add("type", "url").add("url", url);
    }
    return JsonIo.PROVIDER.createObjectBuilder().add("type", "image").add("source", source).build();
  }

  private static List<JsonValue> assistantContent(JsonObject m) {
    List<JsonValue> blocks = new ArrayList<>();
    String text = text(m.get("content"));
    if (!text.isEmpty()) blocks.add(textBlock(text));
    if (m.get("tool_calls") instanceof JsonArray calls) {
      for (JsonValue call : calls) {
        JsonObject c = call.asJsonObject();
        JsonObject function = c.getJsonObject("function");
        blocks.add(JsonIo.PROVIDER.createObjectBuilder().add("type", "tool_use").add("id", c.getString("id", ""))
            .add("name", function.getString("name", "")).add("input", arguments(function.get("arguments"))).build());
      }
    } else if (m.get("function_call") instanceof JsonObject legacy) {
      blocks.add(JsonIo.PROVIDER.createObjectBuilder().add("type", "tool_use").add("id", "call_" + legacy.getString("name", ""))
          .add("name", legacy.getString("name", "")).add("input", arguments(legacy.get("arguments"))).build());
    }
    if (blocks.isEmpty()) blocks.add(textBlock(""));
    return blocks;
  }

  private static JsonObject toolResult(JsonObject m) {
    String id = m.getString("tool_call_id", m.getString("name", ""));
    return JsonIo.PROVIDER.createObjectBuilder().add("type", "tool_result").add("tool_use_id", id)
        .add("content", text(m.get("content"))).build();
  }

  /** Tool arguments are JSON text in OpenAI and an object in Anthropic. */
  private static JsonObject arguments(JsonValue arguments) {
    if (arguments instanceof JsonObject o) return o;
    String text = arguments instanceof JsonString s ? s.getString() : "";
    if (text.isBlank()) return JsonValue.EMPTY_JSON_OBJECT;
    return JsonIo.readObject(text).orElseThrow(() ->
        new UnsupportedRequest("Tool call arguments must be a JSON object.", "messages"));
  }

  /** Text of a string or of an array of text parts. */
  private static String text(JsonValue content) {
    if (content instanceof JsonString s) return s.getString();
    if (content instanceof JsonArray parts) {
      StringBuilder b = new StringBuilder();
      for (JsonValue part : parts) {
        if (part instanceof JsonObject p && p.get("text") instanceof JsonString t) {
          if (b.length() > 0) b.append('\n');
          b.append(t.getString());
        }
      }
      return b.toString();
    }
    return "";
  }

  private static JsonObject textBlock(String text) {
    return JsonIo.PROVIDER.createObjectBuilder().add("type", "text").add("text", text).build();
  }

  // ---- tools and formats ----

  private static JsonArrayBuilder tools(JsonArray tools) {
    JsonArrayBuilder out = JsonIo.PROVIDER.createArrayBuilder();
    for (JsonValue value : tools) {
      JsonObject tool = value.asJsonObject();
      if (!"function".equals(tool.getString("type", "function"))) {
        throw new UnsupportedRequest("Only function tools can be sent to Anthropic models.", "tools");
      }
      JsonObject function = tool.getJsonObject("function");
      JsonObjectBuilder t = JsonIo.PROVIDER.createObjectBuilder().add("name", function.getString("name", ""));
      if (function.get("description") instanceof JsonString d) t.add("description", d);
      t.add("input_schema", function.get("parameters") instanceof JsonObject schema ? schema
          : JsonIo.PROVIDER.createObjectBuilder().add("type", "object").add("properties", JsonValue.EMPTY_JSON_OBJECT).build());
      out.add(t);
    }
    return out;
  }

  /** auto → auto, required → any, none → none, a named function → tool; no parallel calls → a flag on the choice. */
  private static JsonObject toolChoice(JsonValue choice, boolean noParallel) {
    JsonObjectBuilder out = JsonIo.PROVIDER.createObjectBuilder();
    String type;
    if (choice == null || choice == JsonValue.NULL) {
      if (!noParallel) return null;
      type = "auto";
    } else if (choice instanceof JsonString s) {
      type = switch (s.getString()) {
        case "auto" -> "auto";
        case "required" -> "any";
        case "none" -> "none";
        default -> throw new UnsupportedRequest("Unknown tool_choice '" + s.getString() + "'.", "tool_choice");
      };
    } else if (choice instanceof JsonObject o && o.get("function") instanceof JsonObject f) {
      type = "tool";
      out.add("name", f.getString("name", ""));
    } else {
      throw new UnsupportedRequest("Unsupported tool_choice.", "tool_choice");
    }
    JsonObjectBuilder typed = JsonIo.PROVIDER.createObjectBuilder().add("type", type);
    out.build().forEach(typed::add);
    if (noParallel && !"none".equals(type)) typed.add("disable_parallel_tool_use", true);
    return typed.build();
  }

  private static String responseFormatInstruction(JsonValue format) {
    if (!(format instanceof JsonObject f)) return null;
    return switch (f.getString("type", "text")) {
      case "json_object" -> "Answer with one JSON object and nothing else: no prose, no code fences.";
      case "json_schema" -> {
        JsonValue schema = f.get("json_schema") instanceof JsonObject js ? js.get("schema") : null;
        yield "Answer with one JSON object and nothing else (no prose, no code fences) that conforms to this JSON "
            + "Schema: " + (schema == null ? "{}" : schema.toString());
      }
      default -> null;
    };
  }
}
