package org.airouter.provider.openai;

import java.util.function.BiConsumer;
import org.airouter.provider.Provider;
import org.airouter.provider.ProviderKind;
import org.airouter.provider.Upstream;

/**
 * OpenAI and any OpenAI-compatible relay: the call passes through unchanged, with our key as a Bearer token. The base
 * URL may be given with or without its {@code /v1}.
 */
public final class OpenAiProvider implements Provider {

  @Override public ProviderKind kind() { return ProviderKind.OPENAI; }

  @Override public void authenticate(Upstream upstream, BiConsumer<String, String> header) {
    bearer(upstream, header);
  }

  /** {@code Authorization: Bearer key}, when the route has a key. */
  public static void bearer(Upstream upstream, BiConsumer<String, String> header) {
    if (upstream.apiKey() != null && !upstream.apiKey().isEmpty()) header.accept("Authorization", "Bearer " + upstream.apiKey());
  }
}
