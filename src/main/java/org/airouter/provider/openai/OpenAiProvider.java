package org.airouter.provider.openai;

import java.net.URI;
import java.util.function.BiConsumer;
import org.airouter.provider.Provider;
import org.airouter.provider.ProviderKind;
import org.airouter.provider.Upstream;

/** OpenAI and any OpenAI-compatible relay: the call passes through unchanged, with our key as a Bearer token. */
public final class OpenAiProvider implements Provider {

  @Override public ProviderKind kind() { return ProviderKind.OPENAI; }

  @Override public URI target(Upstream upstream, String v1Path, String query) {
    return URI.create(upstream.baseUrl() + "/v1" + v1Path + (query == null || query.isEmpty() ? "" : "?" + query));
  }

  @Override public void authenticate(Upstream upstream, BiConsumer<String, String> header) {
    if (upstream.apiKey() != null && !upstream.apiKey().isEmpty()) header.accept("Authorization", "Bearer " + upstream.apiKey());
  }
}
