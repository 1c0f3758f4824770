package org.airouter.proxy;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.hc.core5.http.Header;

/**
 * What waits for one relay's client: the status and headers to apply before the next byte, the bytes to write, and
 * whether to flush. Also when the client last got bytes, and whether they end between two SSE events, for the
 * keep-alive probe. Guarded by the relay's lock; the relay writes to the response outside it.
 */
final class AnswerQueue {
  // A quiet stream gets an SSE comment this often: a client that left makes the second write after it fail, so the
  // upstream is cancelled within about two of these, not at the next frames (which may be a minute away).
  static final long PROBE_AFTER_NANOS = 500_000_000L;
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  /** Status and headers to put on the response before its first byte. */
  record Head(int status, List<Header> headers, String contentType, long contentLength) {
    void applyTo(HttpServletResponse response, String requestId, boolean streaming) {
      response.setStatus(status);
      for (Header header : headers) response.setHeader(RequestIds.toClient(header.getName()), header.getValue());
      response.setHeader("x-request-id", requestId);   // the id the usage record carries, never the upstream's
      if (contentType != null) response.setContentType(contentType);
      if (contentLength >= 0) response.setContentLengthLong(contentLength);
      if (streaming && status < 400) {
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");   // a reverse proxy in front must not buffer either
      }
    }
  }

  private Head head;                  // to apply before the next byte
  private Head held;                  // waiting for a whole-body transform to finish
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private final ArrayDeque<byte[]> early = new ArrayDeque<>();   // keepalives, written while the stream is held
  private boolean opened;             // the client has a stream's head already: a held head is never applied
  private int bytes;
  private boolean needFlush;
  private long lastWriteAt = System.nanoTime();   // the last bytes handed to the client
  private boolean atFrameEnd = true;              // what the client has so far ends with a whole SSE event

  /** The head goes out before the next byte; {@code flush}: on its own, now (a stream's client sees it at once). */
  void head(Head head, boolean flush) {
    this.head = head;
    if (flush) needFlush = true;
  }

  /** The head waits until a whole-body transform is done ({@link #release}). */
  void hold(Head head) { held = head; }

  boolean holding() { return held != null; }

  /** The held head (a stream's, waiting for its first content), or null. */
  Head heldHead() { return held; }

  /** The held head goes out, with the length of the body now queued. */
  void release() {
    head = new Head(held.status(), held.headers(), held.contentType(), bytes);
    held = null;
  }

  /** A stream's held head goes out, with what is queued behind it: its first content came. */
  void releaseStream() {
    if (!opened) head = held;   // an opened stream's client has its head: the rest joins it
    held = null;
    needFlush = true;
  }

  /**
   * The keepalive point: the client's stream opens with this head, before any of the answer, and the held bytes stay
   * held. From here on no head of this queue is applied; an error is a last frame ({@link #replaceWithFrame}).
   */
  void open(Head head) {
    this.head = head;
    opened = true;
    needFlush = true;
  }

  /** An earlier attempt opened the client's stream: this attempt's head is held for good. */
  void alreadyOpen() { opened = true; }

  /** Whether the client's stream is open while this answer is still held (see {@link #open}). */
  boolean opened() { return opened; }

  /** A frame for the client now, ahead of the held bytes (a keepalive). */
  void addEarly(byte[] frame) {
    early.add(frame);
    bytes += frame.length;
    needFlush = true;
  }

  /** Everything queued goes; this last frame (an error) ends the opened stream instead. */
  void replaceWithFrame(byte[] frame) {
    held = null;
    chunks.clear();
    early.clear();
    chunks.add(frame);
    bytes = frame.length;
    needFlush = true;
  }

  /** A held head is not wanted any more (the failure is the answer). */
  void dropHeld() { held = null; }

  /** The head to apply now, or null; taken. */
  Head takeHead() {
    Head h = head;
    head = null;
    return h;
  }

  /** Whether a head is queued or has been taken for the response. */
  boolean hasHead() { return head != null; }

  void add(byte[] chunk) {
    chunks.add(chunk);
    bytes += chunk.length;
  }

  /** Everything queued goes; this answer (an error) takes its place. */
  void replace(Head head, byte[] body) {
    held = null;
    chunks.clear();
    early.clear();
    this.head = head;
    chunks.add(body);
    bytes = body.length;
    needFlush = true;
  }

  /** The client will never get what is queued. */
  void clear() {
    chunks.clear();
    early.clear();
    bytes = 0;
  }

  byte[] peek() { return chunks.peek(); }

  /** The next bytes the client may have: an early frame, else (unless held) the answer's next chunk. */
  byte[] peekWritable() {
    byte[] first = early.peek();
    return first != null ? first : held != null ? null : chunks.peek();
  }

  /** Whether something may be flushed now: a stream not held, or one whose client has it open. */
  boolean mayFlush() { return needFlush && (held == null || opened); }

  /** The chunk {@link #peek()} or {@link #peekWritable()} returned was written. */
  void written(byte[] chunk) {
    if (early.peek() == chunk) early.poll(); else chunks.poll();
    bytes -= chunk.length;
    needFlush = true;
    lastWriteAt = System.nanoTime();
    atFrameEnd = endsEvent(chunk, atFrameEnd);
  }

  void flushWanted() { needFlush = true; }

  boolean flushPending() { return needFlush; }

  void flushed() { needFlush = false; }

  /** Bytes queued. */
  int bytes() { return bytes; }

  boolean isEmpty() { return chunks.isEmpty(); }

  /** Nothing to apply, write or flush. */
  boolean idle() { return chunks.isEmpty() && early.isEmpty() && head == null && !needFlush; }

  /**
   * Queues an SSE comment (clients ignore it) when the client got nothing for {@link #PROBE_AFTER_NANOS} and stands
   * between two events: only a write tells a server that its client left.
   */
  boolean keepAlive(long now) {
    if (!chunks.isEmpty() || !atFrameEnd || now - lastWriteAt < PROBE_AFTER_NANOS) return false;
    add(KEEP_ALIVE);
    needFlush = true;
    lastWriteAt = now;
    return true;
  }

  /** Whether the bytes written so far end with a blank line, after writing this chunk. */
  private static boolean endsEvent(byte[] chunk, boolean before) {
    int n = chunk.length;
    if (n == 0) return before;
    if (n >= 2 && chunk[n - 1] == '\n' && (chunk[n - 2] == '\n' || n >= 4 && chunk[n - 2] == '\r'
        && chunk[n - 3] == '\n' && chunk[n - 4] == '\r')) return true;
    return false;   // a lone newline after an earlier one is rare: the probe just waits for the next event
  }
}
