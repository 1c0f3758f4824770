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
 */
public final class SseParser {
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder data = new StringBuilder();
  private String event;
  private boolean hasData;
  private boolean afterCr;
  private boolean firstLine = true;

  /** Feeds a chunk; complete events go to {@code out}. */
  public void accept(byte[] chunk, Consumer<SseEvent> out) {
    for (byte b : chunk) {
      if (afterCr) {
        afterCr = false;
        if (b == '\n') continue;   // the LF of a CRLF
      }
      if (b == '\n' || b == '\r') {
        afterCr = b == '\r';
        endLine(out);
      } else {
        line.write(b);
      }
    }
  }

  /** The end of the body: an event left without its blank line still counts. */
  public void finish(Consumer<SseEvent> out) {
    if (line.size() > 0) endLine(out);
    dispatch(out);
  }

  private void endLine(Consumer<SseEvent> out) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (firstLine) {
      firstLine = false;
      if (text.startsWith("\uFEFF")) text = text.substring(1);   // WHATWG: one byte order mark at the start is no data
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
    if (hasData) out.accept(new SseEvent(event == null || event.isEmpty() ? "message" : event, data.toString()));
    data.setLength(0);
    hasData = false;
    event = null;
  }
}
