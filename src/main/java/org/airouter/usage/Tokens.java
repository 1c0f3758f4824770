package org.airouter.usage;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** Token counts of one answer, as its upstream reported them (or estimated, when the answer was cut short). */
public record Tokens(int prompt, int completion, int cached, int reasoning) {
  public static final Tokens NONE = new Tokens(0, 0, 0, 0);

  public int total() { return prompt + completion; }

  /**
   * Reads an OpenAI {@code usage} object: Chat Completions and embeddings ({@code prompt_tokens},
   * {@code completion_tokens}) and the Responses API ({@code input_tokens}, {@code output_tokens}), with the cached
   * and reasoning details where present.
   */
  public static Tokens fromUsage(JsonObject usage) {
    int prompt = firstInt(usage, "prompt_tokens", "input_tokens");
    int completion = firstInt(usage, "completion_tokens", "output_tokens");
    int cached = nestedInt(usage, "prompt_tokens_details", "cached_tokens")
        + nestedInt(usage, "input_tokens_details", "cached_tokens");
    int reasoning = nestedInt(usage, "completion_tokens_details", "reasoning_tokens")
        + nestedInt(usage, "output_tokens_details", "reasoning_tokens");
    return new Tokens(prompt, completion, cached, reasoning);
  }

  private static int firstInt(JsonObject o, String... names) {
    for (String name : names) if (o.get(name) instanceof JsonNumber n) return n.intValue();
    return 0;
  }

  private static int nestedInt(JsonObject o, String object, String field) {
    JsonValue inner = o.get(object);
    return inner instanceof JsonObject details && details.get(field) instanceof JsonNumber n ? n.intValue() : 0;
  }
}
