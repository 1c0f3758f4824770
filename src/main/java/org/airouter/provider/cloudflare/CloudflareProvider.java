package org.airouter.provider.cloudflare;

import java.util.function.BiConsumer;
import org.airouter.provider.Provider;
import org.airouter.provider.ProviderKind;
import org.airouter.provider.Upstream;
import org.airouter.provider.openai.OpenAiProvider;

/**
 * Cloudflare Workers AI through its OpenAI-compatible endpoint,
 * {@code https://api.cloudflare.com/client/v4/accounts/{account}/ai/v1/}, with an API token as Bearer. The base URL
 * may end in {@code /ai} or {@code /ai/v1} (or be a full AI Gateway URL ending in {@code /v1}); either way calls go to
 * {@code …/v1/chat/completions}, never {@code /v1/v1}.
 */
public final class CloudflareProvider implements Provider {

  @Override public ProviderKind kind() { return ProviderKind.CLOUDFLARE; }

  @Override public void authenticate(Upstream upstream, BiConsumer<String, String> header) {
    OpenAiProvider.bearer(upstream, header);
  }
}
