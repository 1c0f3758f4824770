package org.airouter.proxy;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.locks.Lock;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.Command;
import org.apache.hc.core5.reactor.IOEventHandler;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.reactor.ssl.SSLIOSession;
import org.apache.hc.core5.util.Timeout;

/**
 * An upstream connection that reads nothing while its reading is paused, so that an HTTP/1.1 answer keeps to the
 * window the relay granted.
 *
 * <p>Why: HttpClient pauses a connection whose window is used up by dropping its read interest, but its chunked
 * decoder (httpcore5 5.4, {@code ChunkDecoder.read}) refills its buffer from the socket at every chunk boundary, and
 * the protocol handler keeps decoding while that buffer has data. With a fast upstream that writes one chunk per SSE
 * frame, the buffer never runs dry, and a whole answer was pushed into a relay whose client read a trickle
 * ({@code SlowReadersIT}: 7.7 MB held for one stream). Answering "nothing yet" to a read while the interest is off is
 * what a non-blocking socket may always answer; the connection's buffer then drains, and reading resumes when the
 * relay's grant sets the interest again (the selector reports the waiting bytes). TLS sessions are left alone: their
 * reads never touch the socket (decrypted data is pushed to the handler), and HTTP/2 keeps to its flow-control window.
 */
final class WindowedSession implements IOSession {
  private final IOSession session;

  private WindowedSession(IOSession session) { this.session = session; }

  /** HttpClient's session decorator. */
  static IOSession decorate(IOSession session) {
    return session instanceof SSLIOSession ? session : new WindowedSession(session);
  }

  @Override public int read(ByteBuffer dst) throws IOException {
    return paused() ? 0 : session.read(dst);
  }

  private boolean paused() {
    try {
      return (session.getEventMask() & SelectionKey.OP_READ) == 0;
    } catch (CancelledKeyException closed) {
      return false;   // the socket's read tells the closing story
    }
  }

  // ---- the rest is the session's own ----

  @Override public int write(ByteBuffer src) throws IOException { return session.write(src); }
  @Override public boolean isOpen() { return session.isOpen(); }
  @Override public IOEventHandler getHandler() { return session.getHandler(); }
  @Override public void upgrade(IOEventHandler handler) { session.upgrade(handler); }
  @Override public Lock getLock() { return session.getLock(); }
  @Override public void enqueue(Command command, Command.Priority priority) { session.enqueue(command, priority); }
  @Override public boolean hasCommands() { return session.hasCommands(); }
  @Override public Command poll() { return session.poll(); }
  @Override public ByteChannel channel() { return session.channel(); }
  @Override public SocketAddress getRemoteAddress() { return session.getRemoteAddress(); }
  @Override public SocketAddress getLocalAddress() { return session.getLocalAddress(); }
  @Override public int getEventMask() { return session.getEventMask(); }
  @Override public void setEventMask(int ops) { session.setEventMask(ops); }
  @Override public void setEvent(int op) { session.setEvent(op); }
  @Override public void clearEvent(int op) { session.clearEvent(op); }
  @Override public void close() { session.close(); }
  @Override public void close(CloseMode closeMode) { session.close(closeMode); }
  @Override public Status getStatus() { return session.getStatus(); }
  @Override public Timeout getSocketTimeout() { return session.getSocketTimeout(); }
  @Override public void setSocketTimeout(Timeout timeout) { session.setSocketTimeout(timeout); }
  @Override public long getLastReadTime() { return session.getLastReadTime(); }
  @Override public long getLastWriteTime() { return session.getLastWriteTime(); }
  @Override public long getLastEventTime() { return session.getLastEventTime(); }
  @Override public void updateReadTime() { session.updateReadTime(); }
  @Override public void updateWriteTime() { session.updateWriteTime(); }
  @Override public String getId() { return session.getId(); }

  @Override public String toString() { return session.toString(); }
}
