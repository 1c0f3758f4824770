package org.airouter.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.airouter.secrets.Redactor;
import java.util.Arrays;
import org.airouter.wire.OpenAiError;

/**
 * Takes the route's secrets out of error frames in an upstream stream (OpenAI's mid-stream {@code data: {"error":…}},
 * Anthropic's {@code event: error}, the Responses API's {@code response.failed}) before anything else reads them: the
 * client, a translator, the usage record. Every other frame passes untouched.
 *
 * <p>Cheap on the hot path: a chunk made of whole frames with no {@code error} in it (the usual case) is passed on as
 * it is, after one scan of its bytes. Only a frame split across chunks waits (for its end, which the client needs
 * before it can use the frame anyway), and only frames that mention an error are decoded and rebuilt.
 */
final class SseErrorRedaction implements BodyTransform {
  /** A "frame" this long without an end is no SSE: it goes on, redacted as text, rather than growing without bound. */
  private static final int MAX_PARTIAL = 256 * 1024;
  /**
   * A frame whose first bytes this long mention no error is no error frame (every provider names the error at its
   * start): it goes on as it comes, so a long content frame is not held against the relay's window.
   */
  private static final int PASS_AFTER = 8 * 1024;

  private final BodyTransform next;   // null: straight to the client
  private final Redactor redactor;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private boolean passingFrame;   // the rest of a long frame that mentioned no error, up to its end
  private final byte[] tail = new byte[3];   // the last bytes passed of that frame
  private int tailLength;

  SseErrorRedaction(BodyTransform next, Redactor redactor) {
    this.next = next;
    this.redactor = redactor;
  }

  @Override public void accept(byte[] chunk, Consumer<byte[]> out) {
    if (passingFrame) {
      // The blank line that ends the frame may straddle two chunks: scan it with the last bytes already passed.
      byte[] joined = new byte[tailLength + chunk.length];
      System.arraycopy(tail, 0, joined, 0, tailLength);
      System.arraycopy(chunk, 0, joined, tailLength, chunk.length);
      int end = nextFrameEnd(joined, 0, joined.length);
      if (end == joined.length && !endsFrame(joined, joined.length)) {
        keepTail(joined);
        pass(chunk, out);
        return;
      }
      passingFrame = false;
      int cut = end - tailLength;
      pass(Arrays.copyOfRange(chunk, 0, cut), out);
      if (cut < chunk.length) accept(Arrays.copyOfRange(chunk, cut, chunk.length), out);
      return;
    }
    if (partial.size() == 0 && endsFrame(chunk, chunk.length) && !mentionsError(chunk, 0, chunk.length)) {
      pass(chunk, out);
      return;
    }
    partial.write(chunk, 0, chunk.length);
    byte[] held = partial.toByteArray();
    int end = lastFrameEnd(held);
    if (end < 0 && held.length >= PASS_AFTER && !mentionsError(held, 0, held.length)) {
      partial.reset();
      passingFrame = true;
      keepTail(held);
      pass(held, out);
      return;
    }
    if (end < 0 && held.length < MAX_PARTIAL) return;
    if (end < 0) end = held.length;
    partial.reset();
    partial.write(held, end, held.length - end);
    if (!mentionsError(held, 0, end)) {
      pass(Arrays.copyOfRange(held, 0, end), out);
      return;
    }
    int start = 0;
    while (start < end) {
      int frameEnd = nextFrameEnd(held, start, end);
      pass(redacted(held, start, frameEnd), out);
      start = frameEnd;
    }
  }

  @Override public void finish(Consumer<byte[]> out) {
    if (partial.size() > 0) {
      byte[] held = partial.toByteArray();
      partial.reset();
      pass(redacted(held, 0, held.length), out);
    }
    if (next != null) next.finish(out);
  }

  @Override public int held() { return partial.size() + (next == null ? 0 : next.held()); }

  @Override public boolean holdsHead() { return next != null && next.holdsHead(); }

  @Override public OpenAiError failure() { return next == null ? null : next.failure(); }

  @Override public String errorCode() { return next == null ? null : next.errorCode(); }

  private void keepTail(byte[] passed) {
    tailLength = Math.min(tail.length, passed.length);
    System.arraycopy(passed, passed.length - tailLength, tail, 0, tailLength);
  }

  private void pass(byte[] bytes, Consumer<byte[]> out) {
    if (next == null) out.accept(bytes);
    else next.accept(bytes, out);
  }

  private byte[] redacted(byte[] bytes, int from, int to) {
    if (!mentionsError(bytes, from, to)) return Arrays.copyOfRange(bytes, from, to);
    String frame = new String(bytes, from, to - from, StandardCharsets.UTF_8);
    return redactor.redactSseFrame(frame).getBytes(StandardCharsets.UTF_8);
  }

  /** "error" in any case: the word every error frame of every provider carries. */
  private static boolean mentionsError(byte[] b, int from, int to) {
    for (int i = from; i + 5 <= to; i++) {
      if ((b[i] | 0x20) == 'e' && (b[i + 1] | 0x20) == 'r' && (b[i + 2] | 0x20) == 'r' && (b[i + 3] | 0x20) == 'o'
          && (b[i + 4] | 0x20) == 'r') {
        return true;
      }
    }
    return false;
  }

  /** Whether a blank line ends {@code b[0, end)}: "\n\n" or "\r\n\r\n". */
  private static boolean endsFrame(byte[] b, int end) {
    return end >= 2 && b[end - 1] == '\n' && (b[end - 2] == '\n' || end >= 4 && b[end - 2] == '\r'
        && b[end - 3] == '\n');
  }

  /** The index after the last blank line in {@code b}, or -1. */
  private static int lastFrameEnd(byte[] b) {
    for (int i = b.length; i >= 2; i--) {
      if (endsFrame(b, i)) return i;
    }
    return -1;
  }

  /** The index after the first blank line in {@code b[from, to)}, or {@code to}. */
  private static int nextFrameEnd(byte[] b, int from, int to) {
    for (int i = from + 2; i <= to; i++) {
      if (endsFrame(b, i)) return i;
    }
    return to;
  }
}
