package org.airouter.provider.anthropic;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.function.BiConsumer;
import org.airouter.provider.ChunkTranslator;
import org.airouter.provider.Provider;
import org.airouter.provider.ProviderKind;
import org.airouter.provider.TranslatedChat;
import org.airouter.provider.Upstream;
import org.airouter.wire.OpenAiError;

/**
 * Anthropic's Messages API. {@code /v1/messages} from an Anthropic SDK passes through; OpenAI chat completions are
 * translated by the sibling classes, which this class wires. The key goes in {@code x-api-key}; the base URL may
 * carry {@code /v1} or not.
 */
public final class AnthropicProvider implements Provider, TranslatedChat {
  /** The API version sent when the client names none. */
  public static final String API_VERSION = "2023-06-01";

  @Override public ProviderKind kind() { return ProviderKind.ANTHROPIC; }

  @Override public void authenticate(Upstream upstream, BiConsumer<String, String> header) {
    if (upstream.apiKey() != null && !upstream.apiKey().isEmpty()) header.accept("x-api-key", upstream.apiKey());
  }

  @Override public Map<String, String> defaultHeaders() { return Map.of("anthropic-version", API_VERSION); }

  @Override public String chatPath() { return "/messages"; }

  @Override public JsonObject chatRequest(JsonObject openAiRequest) { return AnthropicRequests.fromOpenAi(openAiRequest); }

  @Override public JsonObject chatResponse(JsonObject upstreamBody) { return AnthropicResponses.toOpenAi(upstreamBody); }

  @Override public ChunkTranslator chatStream(boolean includeUsage) { return new AnthropicStream(includeUsage); }

  @Override public OpenAiError chatError(int status, String upstreamBody) {
    return AnthropicErrors.toOpenAi(status, upstreamBody);
  }

  @Override public String nativeError(OpenAiError error) { return AnthropicErrors.fromOpenAi(error).toString(); }

  @Override public JsonObject openAiUsage(JsonObject upstreamUsage) { return AnthropicResponses.usage(upstreamUsage); }
}
