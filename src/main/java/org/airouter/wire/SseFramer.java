package org.airouter.wire;

/**
 * The one place that finds SSE line and frame boundaries in bytes cut into chunks anywhere. It copies nothing: it
 * tells its {@link Sink} which byte ranges of the chunk at hand belong to the current line and where lines end, and
 * every reader of a stream (the event parser, the usage filter, the frame counter) builds on that.
 *
 * <p>Lines end in LF, CRLF or a bare CR, as the WHATWG event-stream rules say; a blank line ends a frame. A CR that
 * ends a line is reported at once, without waiting to see whether an LF follows, so a frame ending in a bare CR is
 * not held back; an LF right after such a CR (in this chunk or at the start of the next) is the rest of that line
 * end and is reported as nothing. One per stream; not thread-safe.
 */
public final class SseFramer {
  /** What the framer reports, in stream order. */
  public interface Sink {
    /** Bytes {@code [from, to)} of {@code chunk} continue the current line (no line end among them). */
    default void text(byte[] chunk, int from, int to) {}

    /**
     * The current line ended; the next line starts at index {@code next} of {@code chunk} (which may be its length).
     * {@code blank}: the line was empty, so a frame ended there.
     */
    default void lineEnd(byte[] chunk, int next, boolean blank) {}
  }

  private boolean afterCr;       // the last byte seen was a CR that ended a line
  private boolean lineHasText;   // the current line has had text bytes

  /** Reports the ranges and line ends of one chunk. */
  public void accept(byte[] chunk, Sink sink) {
    int i = 0;
    if (afterCr && chunk.length > 0) {
      afterCr = false;
      if (chunk[0] == '\n') i = 1;   // the LF of a CRLF cut between chunks
    }
    int from = i;
    for (; i < chunk.length; i++) {
      byte b = chunk[i];
      if (b != '\n' && b != '\r') continue;
      if (i > from) {
        sink.text(chunk, from, i);
        lineHasText = true;
      }
      int next = i + 1;
      if (b == '\r') {
        if (next < chunk.length) {
          if (chunk[next] == '\n') next++;
        } else {
          afterCr = true;
        }
      }
      boolean blank = !lineHasText;
      lineHasText = false;
      sink.lineEnd(chunk, next, blank);
      i = next - 1;
      from = next;
    }
    if (from < chunk.length) {
      sink.text(chunk, from, chunk.length);
      lineHasText = true;
    }
  }

  /** True if the stream so far ends inside a line (its last line has text and no line end yet). */
  public boolean inLine() { return lineHasText; }
}
