package org.airouter.proxy;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * For a stream whose client did not ask for usage, but which the router asked for on its behalf: passes every frame
 * through as it completes, except the usage-only chunk ({@code "choices": []} with a {@code usage}), which it hands
 * to the {@link UsageTap} instead. The client sees exactly what it would have seen from OpenAI.
 */
final class SseUsageFilter implements BodyTransform {
  private final UsageTap tap;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  SseUsageFilter(UsageTap tap) { this.tap = tap; }

  /** Adds what is to be forwarded of this chunk to {@code out}; an unfinished frame waits for the next chunk. */
  @Override public void accept(byte[] chunk, Consumer<byte[]> out) {
    int start = 0;
    for (int i = 0; i < chunk.length; i++) {
      if (chunk[i] != '\n' || !endsFrame(chunk, i)) continue;
      int end = i + 1;
      byte[] frame;
      if (partial.size() > 0) {
        partial.write(chunk, start, end - start);
        frame = partial.toByteArray();
        partial.reset();
      } else {
        frame = java.util.Arrays.copyOfRange(chunk, start, end);
      }
      if (!isUsageOnly(frame)) out.accept(frame);
      start = end;
    }
    if (start < chunk.length) partial.write(chunk, start, chunk.length - start);
  }

  /** Whatever is left when the stream ends (a last frame without its blank line). */
  @Override public void finish(Consumer<byte[]> out) {
    if (partial.size() > 0) out.accept(partial.toByteArray());
    partial.reset();
  }

  /** A blank line ends a frame: "\n\n", or "\r\n\r\n" as some servers write it. */
  private boolean endsFrame(byte[] chunk, int i) {
    byte p1 = i >= 1 ? chunk[i - 1] : last(0);
    if (p1 == '\n') return true;
    if (p1 != '\r') return false;
    byte p2 = i >= 2 ? chunk[i - 2] : last(1 - i);
    return p2 == '\n';
  }

  /** A byte of the waiting partial frame, counting back from its end (0 = last). */
  private byte last(int back) {
    byte[] bytes = partial.toByteArray();
    int at = bytes.length - 1 - back;
    return at >= 0 ? bytes[at] : 0;
  }

  private boolean isUsageOnly(byte[] frame) {
    String text = new String(frame, StandardCharsets.UTF_8);
    if (!text.contains("\"usage\"")) return false;
    JsonObject usage = UsageTap.lastUsage(text);
    if (usage == null) return false;
    int data = text.indexOf("data:");
    try {
      JsonObject chunk = org.airouter.wire.JsonIo.PROVIDER.createReader(new java.io.StringReader(text.substring(data + 5).trim()))
          .readObject();
      if (!(chunk.get("choices") instanceof JsonArray choices) || !choices.isEmpty()) return false;
    } catch (RuntimeException notAChunk) {
      return false;
    }
    tap.usage(usage);
    return true;
  }
}
