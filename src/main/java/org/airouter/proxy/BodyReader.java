package org.airouter.proxy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one request body without blocking into a {@link RequestBody}, and tells its {@link Sink} how that ended.
 *
 * <p>The loop reads while {@code isReady()} is true and stops for nothing else but a read of -1. In particular
 * {@code isFinished()} is no reason to stop: Grizzly (Payara) answers true as soon as the last chunk has
 * <em>arrived</em>, while its bytes still wait in the buffer, and it calls {@code onAllDataRead()} only from an
 * {@code isReady()} that finds the buffer empty. A loop that stopped on {@code isFinished()} left a small body (one
 * that came with the headers) unread, and the request waited forever (issue 7). Tomcat and Undertow (WildFly) answer
 * false from {@code isReady()} once everything is read and call {@code onAllDataRead()} themselves. The same code
 * serves all three; {@code BodyReaderTest} plays each container's side.
 *
 * <p>A body that stops arriving is stopped from the {@link Watchdog}'s thread ({@link #stall()}); whichever of the
 * container and the watchdog ends the reading first wins, and the body is not touched after that.
 */
final class BodyReader implements ReadListener {
  private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

  /** How reading ended; container threads call exactly one of the first three, at most once. */
  interface Sink {
    /** The whole body is in. */
    void bodyRead() throws IOException;

    /** More than the limit arrived; reading stopped. */
    void bodyTooLarge() throws IOException;

    /** The body could not be kept (the spool file failed); reading stopped. */
    void bodyNotStored(Exception cause) throws IOException;

    /** The in-flight body memory is spent and this body must stay in memory; reading stopped. */
    void bodyOverBudget() throws IOException;

    /** The container reports the upload broken (the client went away); may follow any of the above. */
    void uploadFailed(Throwable cause);
  }

  private final ServletInputStream in;
  private final RequestBody body;
  private final long maxBytes;
  private final Sink sink;
  private final AtomicBoolean stopped = new AtomicBoolean();   // by the container or by the watchdog
  private volatile long lastReadAt = System.nanoTime();

  BodyReader(ServletInputStream in, RequestBody body, long maxBytes, Sink sink) {
    this.in = in;
    this.body = body;
    this.maxBytes = maxBytes;
    this.sink = sink;
  }

  /** Registers this listener; the container calls back when there is something to read, or all is read. */
  void start() { in.setReadListener(this); }

  @Override public void onDataAvailable() throws IOException {
    if (stopped.get()) return;
    byte[] buffer = READ_BUFFER.get();
    // isReady() false: the container calls back (onDataAvailable or onAllDataRead). Not isFinished(): see above.
    while (in.isReady()) {
      int n = in.read(buffer);
      if (n < 0) return;   // the end; the container calls onAllDataRead next
      lastReadAt = System.nanoTime();
      if (stopped.get()) return;   // the watchdog gave up on this body meanwhile
      if (body.size() + n > maxBytes) {
        if (stop()) sink.bodyTooLarge();
        return;
      }
      try {
        body.append(buffer, n);   // a no-op once the body is closed
      } catch (RequestBody.OverBudget e) {
        if (stop()) sink.bodyOverBudget();
        return;
      } catch (IOException | RuntimeException e) {   // the spool file, not the client
        if (stop()) sink.bodyNotStored(e);
        return;
      }
    }
  }

  @Override public void onAllDataRead() throws IOException {
    if (stop()) sink.bodyRead();
  }

  @Override public void onError(Throwable t) {
    stopped.set(true);
    sink.uploadFailed(t);
  }

  /** nanoTime of the last bytes read (or of the start). */
  long lastReadAt() { return lastReadAt; }

  /** Stops reading a body that stalled; false if reading had already ended (the container got there first). */
  boolean stall() { return stop(); }

  private boolean stop() { return stopped.compareAndSet(false, true); }
}
