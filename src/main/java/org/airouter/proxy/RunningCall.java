package org.airouter.proxy;

import java.util.concurrent.Future;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The upstream call of one relay, as far as stopping and closing it go: its future, the connection it runs on, the
 * HTTP client's callback (completed once, after the call ended) and whether it ended. Guarded by the relay's lock;
 * the cancel itself runs outside it, because it calls back into the relay.
 */
final class RunningCall {
  private Future<?> future;
  private HttpContext context;             // names the connection, for aborting
  private FutureCallback<Void> callback;
  private boolean ended;                   // the HTTP client has finished the exchange (end of body, or failure)
  private boolean stopWanted;
  private boolean stopped;

  void started(Future<?> future, HttpContext context) {
    this.future = future;
    if (this.context == null) this.context = context;
  }

  void responding(HttpContext context, FutureCallback<Void> callback) {
    this.context = context;
    this.callback = callback;
  }

  void ended() { ended = true; }

  boolean isEnded() { return ended; }

  /** Stop the call (a silent upstream, a client gone, a shutdown): unless it ended already. */
  void stop() {
    if (!ended) stopWanted = true;
  }

  /** The HTTP client's callback, to complete once the relay is over; null while the call still runs. */
  FutureCallback<Void> callbackIfEnded() { return ended ? callback : null; }

  /** The cancel to run outside the lock, once, when a stop is wanted and the call is known; else null. */
  Runnable claimStop() {
    if (!stopWanted || future == null || stopped) return null;
    stopped = true;
    Future<?> toCancel = future;
    HttpContext carrier = context;
    // Closing the connection stops the upstream in every state once the request is on one (AbortableConnections):
    // HttpClient's cancel does nothing after the head, and did not always close the connection before it. The
    // cancel is for a call still waiting for its connection.
    return () -> {
      if (!AbortableConnections.abort(carrier)) toCancel.cancel(true);
    };
  }
}
