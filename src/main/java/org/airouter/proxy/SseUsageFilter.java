package org.airouter.proxy;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.airouter.wire.SseFramer;
import org.airouter.wire.JsonIo;

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
  private final SseFramer framer = new SseFramer();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private boolean passing;             // the frame in progress is too long to be the usage chunk: it goes through
  private Consumer<byte[]> out;        // where the chunk being read goes
  private int start;                   // where the frame in progress starts in that chunk
  private final SseFramer.Sink frames = new SseFramer.Sink() {
    @Override public void lineEnd(byte[] chunk, int next, boolean blank) {
      if (blank) frameEnd(chunk, next);
    }
  };

  SseUsageFilter(UsageTap tap) { this.tap = tap; }

  /** Adds what is to be forwarded of this chunk to {@code out}; an unfinished frame waits for the next chunk. */
  @Override public void accept(byte[] chunk, Consumer<byte[]> out) {
    this.out = out;
    start = 0;
    framer.accept(chunk, frames);
    if (start < chunk.length) {
      if (passing) {
        out.accept(start == 0 ? chunk : Arrays.copyOfRange(chunk, start, chunk.length));
      } else {
        partial.write(chunk, start, chunk.length - start);
        if (partial.size() > MAX_HELD) {
          out.accept(partial.toByteArray());
          partial.reset();
          passing = true;
        }
      }
    }
  }

  @Override public int held() { return partial.size(); }

  /** Whatever is left when the stream ends (a last frame without its blank line). */
  @Override public void finish(Consumer<byte[]> out) {
    if (partial.size() > 0) out.accept(partial.toByteArray());
    partial.reset();
  }

  /** A blank line ended the frame in progress at {@code end}: forwarded, unless it is the usage-only chunk. */
  private void frameEnd(byte[] chunk, int end) {
    if (passing) {
      out.accept(Arrays.copyOfRange(chunk, start, end));
      passing = false;
    } else {
      byte[] frame;
      if (partial.size() > 0) {
        partial.write(chunk, start, end - start);
        frame = partial.toByteArray();
        partial.reset();
      } else {
        frame = Arrays.copyOfRange(chunk, start, end);
      }
      if (!isUsageOnly(frame)) out.accept(frame);
    }
    start = end;
  }

  private boolean isUsageOnly(byte[] frame) {
    String text = new String(frame, StandardCharsets.UTF_8);
    if (!text.contains("\"usage\"")) return false;
    JsonObject usage = UsageTap.lastUsage(text);
    if (usage == null) return false;
    int data = text.indexOf("data:");
    JsonObject chunk = JsonIo.readObject(text.substring(data + 5).trim()).orElse(null);
    if (chunk == null || !(chunk.get("choices") instanceof JsonArray choices) || !choices.isEmpty()) return false;
    tap.usage(usage);
    return true;
  }
}
