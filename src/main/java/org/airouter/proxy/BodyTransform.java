package org.airouter.proxy;

import java.util.function.Consumer;
import org.airouter.wire.OpenAiError;

/**
 * A change to a successful upstream answer on its way to the client, in the relay's upstream thread: chunks in,
 * chunks out, in order. Called under the relay's state lock, so it must not call the container or the HTTP client
 * (it only computes). One per answer; not thread-safe.
 */
interface BodyTransform {
  /** Adds what the client gets of this chunk to {@code out} (possibly nothing yet). */
  void accept(byte[] chunk, Consumer<byte[]> out);

  /** The upstream body ended; adds whatever is left. */
  void finish(Consumer<byte[]> out);

  /**
   * Whether the answer's status and headers must wait for {@link #finish}: a whole body rebuilt at its end (its length
   * is unknown, and its translation may still fail, which must then be the status).
   */
  default boolean holdsHead() { return false; }

  /** After {@link #finish}: for a transform that {@link #holdsHead()}, the error to answer with instead, or null. */
  default OpenAiError failure() { return null; }

  /** Bytes taken in and not yet given out (a frame still incomplete): they count against the relay's window. */
  default int held() { return 0; }

  /** After {@link #finish}: the code of an error the transform ended the answer with (for the usage record), or null. */
  default String errorCode() { return null; }
}
