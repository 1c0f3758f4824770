package org.airouter.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Bytes of an SSE body, in chunks cut anywhere, → {@link SseEvent}s, each as soon as its blank line arrives, as the
 * WHATWG event-stream rules say: lines may end in LF, CRLF or CR; a leading byte order mark, comments ({@code : ping})
 * and unknown fields are skipped. One deviation: {@link #finish(Consumer)} dispatches an event left without its blank line
 * (a browser drops it; an upstream that closes right after its last event means it). One per stream; not
 * thread-safe.
 *
 * <p>Lines are found by the {@link SseFramer}. A line longer than the parser's bound is cut there and its event is
 * dropped (its data would be a fragment): one line without an end must not grow the heap without limit.
 */
public final class SseParser {
  /** Larger than any one event an upstream sends (an image as base64 is a few MiB), small enough to bound the heap. */
  public static final int MAX_LINE = 16 * 1024 * 1024;

  private final SseFramer framer = new SseFramer();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder data = new StringBuilder();
  private final int maxLine;
  private String event;
  private boolean hasData;
  private boolean firstLine = true;
  private boolean lineTooLong;
  private boolean eventBroken;
  private Consumer<SseEvent> out;   // where the chunk being read sends its events
  private final SseFramer.Sink lines = new SseFramer.Sink() {
    @Override public void text(byte[] chunk, int from, int to) {
      int room = maxLine - line.size();
      if (to - from > room) lineTooLong = true;
      line.write(chunk, from, Math.min(to - from, Math.max(room, 0)));
    }

    @Override public void lineEnd(byte[] chunk, int next, boolean blank) { endLine(out); }
  };

  public SseParser() { this(MAX_LINE); }

  /** A parser that cuts lines at {@code maxLine} bytes. */
  public SseParser(int maxLine) { this.maxLine = maxLine; }

  /** Feeds a chunk; complete events go to {@code out}. */
  public void accept(byte[] chunk, Consumer<SseEvent> out) {
    this.out = out;
    framer.accept(chunk, lines);
  }

  /** The end of the body: an event left without its blank line still counts. */
  public void finish(Consumer<SseEvent> out) {
    if (framer.inLine()) endLine(out);
    dispatch(out);
  }

  private void endLine(Consumer<SseEvent> out) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (firstLine) {
      firstLine = false;
      if (text.startsWith("\uFEFF")) text = text.substring(1);   // WHATWG: one byte order mark at the start is no data
    }
    if (lineTooLong) {
      lineTooLong = false;
      eventBroken = true;
      return;
    }
    if (text.isEmpty()) {
      dispatch(out);
      return;
    }
    if (text.startsWith(":")) return;
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) value = value.substring(1);
    if (field.equals("event")) {
      event = value;
    } else if (field.equals("data")) {
      if (hasData) data.append('\n');
      data.append(value);
      hasData = true;
    }
  }

  private void dispatch(Consumer<SseEvent> out) {
    if (hasData && !eventBroken) {
      out.accept(new SseEvent(event == null || event.isEmpty() ? "message" : event, data.toString()));
    }
    data.setLength(0);
    hasData = false;
    eventBroken = false;
    event = null;
  }
}
