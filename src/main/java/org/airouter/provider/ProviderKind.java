package org.airouter.provider;

import java.util.Locale;
import java.util.Optional;

/** The upstream API families a route can point at. */
public enum ProviderKind {
  /** OpenAI itself and any OpenAI-compatible relay: they differ only in base URL. */
  OPENAI;

  public String id() { return name().toLowerCase(Locale.ROOT); }

  public static Optional<ProviderKind> byId(String id) {
    for (ProviderKind kind : values()) if (kind.id().equalsIgnoreCase(id)) return Optional.of(kind);
    return Optional.empty();
  }
}
