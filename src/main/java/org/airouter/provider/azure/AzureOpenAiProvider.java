package org.airouter.provider.azure;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.airouter.provider.Provider;
import org.airouter.provider.ProviderKind;
import org.airouter.provider.Upstream;
import org.airouter.provider.UpstreamPath;

/**
 * Azure OpenAI. The body passes through as for OpenAI; only the address and the key header differ.
 *
 * <ul>
 *   <li>Base URL {@code https://RESOURCE.openai.azure.com} (or with {@code /openai}): the deployment form,
 *       {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…}. The deployment comes from
 *       the route's model → deployment map, else it is the model name (client input under a glob route, so only
 *       {@link UpstreamPath#deployment safe names} pass).</li>
 *   <li>Base URL ending in {@code /openai/v1}: Azure's newer v1 API, {@code {endpoint}/openai/v1/chat/completions},
 *       the deployment named in the body's {@code model}; {@code api-version} only when the route sets one.</li>
 * </ul>
 */
public final class AzureOpenAiProvider implements Provider {
  /** The GA version the deployment form uses when a route names none. */
  public static final String DEFAULT_API_VERSION = "2024-10-21";

  /** The operations Azure serves per deployment; the rest live under {@code /openai/...}. */
  private static final Set<String> PER_DEPLOYMENT = Set.of("/chat/completions", "/completions", "/embeddings",
      "/images/generations", "/images/edits", "/audio/transcriptions", "/audio/translations", "/audio/speech");

  @Override public ProviderKind kind() { return ProviderKind.AZURE; }

  @Override public URI target(Upstream upstream, String v1Path, String query, String model) {
    String base = upstream.baseUrl();
    if (base.endsWith("/openai/v1")) {
      Map<String, String> version = upstream.apiVersion() == null ? Map.of() : Map.of("api-version", upstream.apiVersion());
      return upstream.uri(base, v1Path, query, version);
    }
    String endpoint = base.endsWith("/openai") ? base.substring(0, base.length() - 7) : base;
    String version = upstream.apiVersion() != null ? upstream.apiVersion() : DEFAULT_API_VERSION;
    String deployment = upstream.deploymentFor(model);
    String prefix = deployment != null && PER_DEPLOYMENT.contains(v1Path)
        ? endpoint + "/openai/deployments/" + UpstreamPath.deployment(deployment)
        : endpoint + "/openai";
    return upstream.uri(prefix, v1Path, query, Map.of("api-version", version));
  }

  @Override public void authenticate(Upstream upstream, BiConsumer<String, String> header) {
    if (upstream.apiKey() != null && !upstream.apiKey().isEmpty()) header.accept("api-key", upstream.apiKey());
  }
}
