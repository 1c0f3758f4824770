package org.airouter.provider;

import java.net.URI;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One upstream API family: where a /v1 call goes and how we authenticate there. Stateless and thread-safe. A
 * capability only some providers have is a separate interface ({@code TranslatedChat}), not a stub here.
 */
public interface Provider {
  ProviderKind kind();

  /**
   * The upstream address of an OpenAI-style call, route query parameters included.
   *
   * @param v1Path the path below {@code /v1}, starting with '/', e.g. "/chat/completions", in the canonical form of
   *               {@link UpstreamPath#fromRaw}
   * @param query  the client's raw query string, or null
   * @param model  the model sent upstream (after the route's rewrite), or null when the call names none
   * @throws InvalidTarget when the path, the query or the model cannot go into an upstream address (a 4xx)
   */
  default URI target(Upstream upstream, String v1Path, String query, String model) {
    return upstream.underV1(v1Path, query);   // OpenAI's layout, which most providers copy
  }

  /** {@link #target(Upstream, String, String, String)} for a call that names no model. */
  default URI target(Upstream upstream, String v1Path, String query) { return target(upstream, v1Path, query, null); }

  /** Sets the headers that authenticate the router upstream. */
  void authenticate(Upstream upstream, BiConsumer<String, String> header);

  /** Headers the provider needs that a client may set itself (e.g. Anthropic's API version): used when absent. */
  default Map<String, String> defaultHeaders() { return Map.of(); }
}
