package org.airouter.provider;

import java.util.EnumMap;
import java.util.Map;
import org.airouter.provider.anthropic.AnthropicProvider;
import org.airouter.provider.azure.AzureOpenAiProvider;
import org.airouter.provider.cloudflare.CloudflareProvider;
import org.airouter.provider.gemini.GeminiProvider;
import org.airouter.provider.openai.OpenAiProvider;

/** The provider adapter for each kind. */
public final class Providers {
  private static final Map<ProviderKind, Provider> BY_KIND = new EnumMap<>(ProviderKind.class);

  static {
    register(new OpenAiProvider());
    register(new AzureOpenAiProvider());
    register(new AnthropicProvider());
    register(new GeminiProvider());
    register(new CloudflareProvider());
  }

  private Providers() {}

  private static void register(Provider provider) { BY_KIND.put(provider.kind(), provider); }

  public static Provider of(ProviderKind kind) {
    Provider provider = BY_KIND.get(kind);
    if (provider == null) throw new IllegalStateException("no adapter for provider " + kind.id());
    return provider;
  }
}
