package org.airouter.proxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * Notices a client that closed its connection while the router has nothing to write to it: waiting for the
 * upstream's head (streamed or not), or between the pieces of an answer. The {@link Watchdog}'s tick asks; the look
 * is a non-blocking {@code available()} on the request's input stream, whose body is already read.
 *
 * <p>Measured on the three servers (ClientGoneIT): Tomcat answers {@code available()} with a non-blocking read from
 * the socket while a ReadListener is set (BodyReader's stays set), and a closed connection answers 1 (its EOF is
 * reported as "something to read"), on every look. A pipelined next request also answers more than 0, but once: Tomcat
 * keeps it in its buffer and reads no further. So two looks in a row that find something mean the client left.
 * Undertow (WildFly) reads nothing once the body is finished and answers 0; Grizzly (Payara) answers from its buffer
 * only; neither calls a listener when the client closes. There, only a failed write tells (README, "Disconnects").
 */
final class ClientHangup implements AsyncListener {
  private final ServletInputStream in;
  // Guarded by this: the container recycles the request after the async listeners have run, and a look must never
  // reach a recycled stream (it may serve another connection's request by then). Payara called no listener of ours in
  // the tests, not even onComplete; there the looks stop when the exchange leaves the watchdog, right after it ends.
  private boolean over;
  private boolean gone;
  private int readable;   // looks in a row that found something to read

  /** Call during the dispatch that started the async request: only then may a listener be added. */
  ClientHangup(AsyncContext async, ServletInputStream in) {
    this.in = in;
    async.addListener(this);
  }

  /** Whether the client is known to have left. Never blocks; call only once the request body is read. */
  synchronized boolean gone() {
    if (over || gone) return gone;
    int n;
    try {
      n = in.available();
    } catch (IOException e) {
      gone = true;
      return true;
    } catch (RuntimeException e) {   // the container is done with the request: nothing more to learn here
      over = true;
      return false;
    }
    readable = n > 0 ? readable + 1 : 0;
    gone = readable >= 2;
    return gone;
  }

  @Override public synchronized void onComplete(AsyncEvent event) { over = true; }

  @Override public synchronized void onTimeout(AsyncEvent event) { over = true; }

  @Override public synchronized void onError(AsyncEvent event) { over = true; }   // the relay hears of it too

  @Override public void onStartAsync(AsyncEvent event) { }
}
