package org.airouter.proxy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

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

    /** The container reports the upload broken (the client went away); may follow any of the above. */
    void uploadFailed(Throwable cause);
  }

  private final ServletInputStream in;
  private final RequestBody body;
  private final long maxBytes;
  private final Sink sink;
  private boolean stopped;   // container callbacks for one request never overlap, so no lock

  BodyReader(ServletInputStream in, RequestBody body, long maxBytes, Sink sink) {
    this.in = in;
    this.body = body;
    this.maxBytes = maxBytes;
    this.sink = sink;
  }

  /** Registers this listener; the container calls back when there is something to read, or all is read. */
  void start() { in.setReadListener(this); }

  @Override public void onDataAvailable() throws IOException {
    if (stopped) return;
    byte[] buffer = READ_BUFFER.get();
    // isReady() false: the container calls back (onDataAvailable or onAllDataRead). Not isFinished(): see above.
    while (in.isReady()) {
      int n = in.read(buffer);
      if (n < 0) return;   // the end; the container calls onAllDataRead next
      if (body.size() + n > maxBytes) {
        stopped = true;
        sink.bodyTooLarge();
        return;
      }
      try {
        body.append(buffer, n);
      } catch (IOException | RuntimeException e) {   // the spool file, not the client
        stopped = true;
        sink.bodyNotStored(e);
        return;
      }
    }
  }

  @Override public void onAllDataRead() throws IOException {
    if (stopped) return;
    stopped = true;
    sink.bodyRead();
  }

  @Override public void onError(Throwable t) { sink.uploadFailed(t); }
}
