package org.airouter.provider;

import java.util.Locale;
import java.util.Optional;

/** The upstream API families a route can point at. */
public enum ProviderKind {
  /** OpenAI itself and any OpenAI-compatible relay: they differ only in base URL. */
  OPENAI,
  /** Azure OpenAI: deployment URLs with {@code api-version}, or the newer {@code /openai/v1/} form; key in {@code api-key}. */
  AZURE,
  /** Anthropic's Messages API: chat completions are translated, {@code /v1/messages} passes through. */
  ANTHROPIC,
  /** Google Gemini through its OpenAI-compatible endpoint. */
  GEMINI,
  /** Cloudflare Workers AI through its OpenAI-compatible endpoint. */
  CLOUDFLARE;

  /** Every id, as a Bean Validation pattern and as words for messages; ChoicesTest keeps them the values. */
  public static final String IDS = "openai|azure|anthropic|gemini|cloudflare";
  public static final String CHOICES = "openai, azure, anthropic, gemini or cloudflare";

  public String id() { return name().toLowerCase(Locale.ROOT); }

  public static Optional<ProviderKind> byId(String id) {
    for (ProviderKind kind : values()) if (kind.id().equalsIgnoreCase(id)) return Optional.of(kind);
    return Optional.empty();
  }
}
