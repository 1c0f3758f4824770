package org.airouter.provider.gemini;

import java.net.URI;
import java.util.Map;
import java.util.function.BiConsumer;
import org.airouter.provider.Provider;
import org.airouter.provider.ProviderKind;
import org.airouter.provider.Upstream;
import org.airouter.provider.openai.OpenAiProvider;

/**
 * Google Gemini through its OpenAI-compatible endpoint, {@code https://generativelanguage.googleapis.com/v1beta/openai/}
 * with the Gemini API key as a Bearer token. The base URL is the one Google gives an OpenAI SDK: the router appends
 * the path below {@code /v1} to it ({@code …/v1beta/openai/chat/completions}). A bare host gets Google's path.
 */
public final class GeminiProvider implements Provider {
  public static final String OPENAI_PATH = "/v1beta/openai";

  @Override public ProviderKind kind() { return ProviderKind.GEMINI; }

  @Override public URI target(Upstream upstream, String v1Path, String query, String model) {
    String base = upstream.baseUrl();
    if (URI.create(base).getRawPath() == null || URI.create(base).getRawPath().isEmpty()) base += OPENAI_PATH;
    return upstream.uri(base, v1Path, query, Map.of());
  }

  @Override public void authenticate(Upstream upstream, BiConsumer<String, String> header) {
    OpenAiProvider.bearer(upstream, header);
  }
}
