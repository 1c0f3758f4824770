package org.airouter.provider;

import java.net.URI;
import java.util.function.BiConsumer;

/** One upstream API family: where a /v1 call goes and how we authenticate there. Stateless and thread-safe. */
public interface Provider {
  ProviderKind kind();

  /**
   * The upstream address of an OpenAI-style call.
   *
   * @param v1Path the path below {@code /v1}, starting with '/', e.g. "/chat/completions"
   * @param query  the raw query string, or null
   */
  URI target(Upstream upstream, String v1Path, String query);

  /** Sets the headers that authenticate the router upstream. */
  void authenticate(Upstream upstream, BiConsumer<String, String> header);
}
