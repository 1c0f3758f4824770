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
  // A usage-only chunk is a few hundred bytes. A frame that grows past this cannot be one, so it passes on as it
  // comes instead of being held whole: one long frame (or a body that is not SSE at all) must not escape the relay's
  // window by hiding in here.
  static final int MAX_HELD = 8 * 1024;

  private final UsageTap tap;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private boolean passing;             // the frame in progress is too long to be the usage chunk: it goes through
  private byte last = '\n', beforeLast = '\n';   // the two bytes before the current chunk (frame-end detection)

  SseUsageFilter(UsageTap tap) { this.tap = tap; }

  /** Adds what is to be forwarded of this chunk to {@code out}; an unfinished frame waits for the next chunk. */
  @Override public void accept(byte[] chunk, Consumer<byte[]> out) {
    int start = 0;
    for (int i = 0; i < chunk.length; i++) {
      if (chunk[i] != '\n' || !endsFrame(chunk, i)) continue;
      int end = i + 1;
      if (passing) {
        out.accept(java.util.Arrays.copyOfRange(chunk, start, end));
        passing = false;
      } else {
        byte[] frame;
        if (partial.size() > 0) {
          partial.write(chunk, start, end - start);
          frame = partial.toByteArray();
          partial.reset();
        } else {
          frame = java.util.Arrays.copyOfRange(chunk, start, end);
        }
        if (!isUsageOnly(frame)) out.accept(frame);
      }
      start = end;
    }
    if (start < chunk.length) {
      if (passing) {
        out.accept(start == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, start, chunk.length));
      } else {
        partial.write(chunk, start, chunk.length - start);
        if (partial.size() > MAX_HELD) {
          out.accept(partial.toByteArray());
          partial.reset();
          passing = true;
        }
      }
    }
    if (chunk.length >= 2) {
      beforeLast = chunk[chunk.length - 2];
      last = chunk[chunk.length - 1];
    } else if (chunk.length == 1) {
      beforeLast = last;
      last = chunk[0];
    }
  }

  @Override public int held() { return partial.size(); }

  /** Whatever is left when the stream ends (a last frame without its blank line). */
  @Override public void finish(Consumer<byte[]> out) {
    if (partial.size() > 0) out.accept(partial.toByteArray());
    partial.reset();
  }

  /** A blank line ends a frame: "\n\n", or "\r\n\r\n" as some servers write it. */
  private boolean endsFrame(byte[] chunk, int i) {
    byte p1 = i >= 1 ? chunk[i - 1] : last;
    if (p1 == '\n') return true;
    if (p1 != '\r') return false;
    byte p2 = i >= 2 ? chunk[i - 2] : i == 1 ? last : beforeLast;
    return p2 == '\n';
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
