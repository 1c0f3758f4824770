package org.airouter.provider;

import jakarta.json.JsonObject;
import java.util.function.Consumer;
import org.airouter.wire.OpenAiError;
import org.airouter.wire.SseEvent;

/**
 * One streamed answer's upstream events → OpenAI {@code chat.completion.chunk} data payloads (and {@code [DONE]}).
 * One per stream, fed in order from one thread at a time; not thread-safe.
 */
public interface ChunkTranslator {
  /**
   * Yielded for an upstream keep-alive: sent as an SSE comment, which clients skip but which keeps proxies and load
   * balancers from cutting a stream that is slow to its first token.
   */
  String KEEP_ALIVE = ": keep-alive";

  /** Translates one upstream event; the OpenAI data payloads it yields go to {@code out}, in order. */
  void translate(SseEvent event, Consumer<String> out);

  /** The upstream body ended; whatever must still be said (an error, if the stream ended early). */
  void finish(Consumer<String> out);

  /** The answer's usage in OpenAI's shape, once known (sent to the client or not), else null. */
  JsonObject usage();

  /** The error the stream ended with, if it did, else null. */
  OpenAiError error();
}
