package org.airouter.observability;

/**
 * Names from OpenTelemetry's semantic conventions for generative AI (gen_ai.*): the operation an endpoint performs and
 * the provider a route's kind stands for.
 */
final class GenAi {
  private GenAi() {}

  /** {@code gen_ai.operation.name} of a path below /v1; other endpoints are named by their path. */
  static String operation(String endpoint) {
    if (endpoint == null) return "unknown";
    return switch (endpoint) {
      case "/chat/completions", "/messages", "/responses" -> "chat";
      case "/completions" -> "text_completion";
      case "/embeddings" -> "embeddings";
      default -> endpoint.startsWith("/") ? endpoint.substring(1) : endpoint;
    };
  }

  /** {@code gen_ai.provider.name} of a provider kind's id ({@code ProviderKind.id()}). */
  static String provider(String kind) {
    if (kind == null) return null;
    return switch (kind) {
      case "azure" -> "azure.ai.openai";
      case "gemini" -> "gcp.gemini";
      case "cloudflare" -> "cloudflare.workers_ai";
      default -> kind;   // openai, anthropic: the convention's own names
    };
  }
}
