package org.airouter.provider;

import jakarta.json.JsonObject;
import org.airouter.wire.OpenAiError;

/**
 * Optional capability of a {@link Provider} whose chat API is not OpenAI's: OpenAI chat completions are translated to
 * it and its answers back. Pure functions of JSON and strings; implementations are stateless and thread-safe.
 */
public interface TranslatedChat {
  /** The upstream path below {@code /v1} that serves chat, e.g. "/messages". */
  String chatPath();

  /**
   * An OpenAI chat completion request (model already rewritten by the route) → the upstream's request body.
   *
   * @throws UnsupportedRequest when the request asks for something the upstream cannot do
   */
  JsonObject chatRequest(JsonObject openAiRequest);

  /** A whole upstream answer → an OpenAI {@code chat.completion}. */
  JsonObject chatResponse(JsonObject upstreamBody);

  /** A fresh translator for one streamed answer; the usage chunk is sent only when the client asked for it. */
  ChunkTranslator chatStream(boolean includeUsage);

  /** An upstream error answer → an OpenAI error (status included); never echoes keys (the caller redacts). */
  OpenAiError chatError(int status, String upstreamBody);

  /** An upstream {@code usage} object in its own shape → OpenAI's, for accounting native (untranslated) calls. */
  JsonObject openAiUsage(JsonObject upstreamUsage);

  /** An error of the router's own (no upstream answer) in the provider's native error shape, for native clients. */
  String nativeError(OpenAiError error);

  /** The request cannot be translated; the client gets a 400 with this message. */
  final class UnsupportedRequest extends RuntimeException {
    private final String param;

    public UnsupportedRequest(String message, String param) {
      super(message, null, false, false);
      this.param = param;
    }

    public String param() { return param; }
  }
}
