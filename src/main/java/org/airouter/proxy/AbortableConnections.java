package org.airouter.proxy;

import java.io.IOException;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.nio.AsyncClientConnectionManager;
import org.apache.hc.client5.http.nio.AsyncConnectionEndpoint;
import org.apache.hc.core5.concurrent.CallbackContribution;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.nio.AsyncClientExchangeHandler;
import org.apache.hc.core5.http.nio.AsyncPushConsumer;
import org.apache.hc.core5.http.nio.HandlerFactory;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ConnectionInitiator;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The connection pool, with one addition: each exchange's context names the connection that carries it, so the
 * relay can close that connection. HttpClient's own cancellation does nothing once the response head has arrived
 * (measured: the upstream kept streaming to a client that had left, over HTTP/1 and over a reused HTTP/2
 * connection alike), and a silent upstream sends nothing that could be refused.
 */
final class AbortableConnections implements AsyncClientConnectionManager {
  private static final String ATTRIBUTE = AbortableConnections.class.getName() + ".endpoint";

  private final AsyncClientConnectionManager pool;

  AbortableConnections(AsyncClientConnectionManager pool) { this.pool = pool; }

  /**
   * Closes the connection that carries the exchange of this context, HTTP/2 as well as HTTP/1: the pool does not
   * multiplex (see UpstreamClient), so an HTTP/2 connection carries this one exchange and no other
   * (UpstreamHttp2Test holds both to that). Resetting just the HTTP/2 stream would buy nothing: HttpClient closes
   * the connection of any exchange that fails, a reset one included.
   *
   * @return whether a connection was closed; false when the context names none (no head yet), and then the caller
   *     cancels the exchange, which HttpClient can still stop at that point
   */
  static boolean abort(HttpContext context) {
    Object endpoint = context == null ? null : context.getAttribute(ATTRIBUTE);
    if (!(endpoint instanceof AsyncConnectionEndpoint tracked)) return false;
    tracked.close(CloseMode.IMMEDIATE);
    return true;
  }

  @Override public Future<AsyncConnectionEndpoint> lease(String id, HttpRoute route, Object state, Timeout timeout,
                                                         FutureCallback<AsyncConnectionEndpoint> callback) {
    return pool.lease(id, route, state, timeout, new CallbackContribution<>(callback) {
      @Override public void completed(AsyncConnectionEndpoint endpoint) {
        if (callback != null) callback.completed(new Tracked(endpoint));
      }
    });
  }

  @Override public void release(AsyncConnectionEndpoint endpoint, Object newState, TimeValue validDuration) {
    pool.release(unwrap(endpoint), newState, validDuration);
  }

  @Override public Future<AsyncConnectionEndpoint> connect(AsyncConnectionEndpoint endpoint,
                                                           ConnectionInitiator initiator, Timeout timeout,
                                                           Object attachment, HttpContext context,
                                                           FutureCallback<AsyncConnectionEndpoint> callback) {
    Tracked tracked = endpoint instanceof Tracked t ? t : new Tracked(endpoint);
    return pool.connect(unwrap(endpoint), initiator, timeout, attachment, context, new CallbackContribution<>(callback) {
      @Override public void completed(AsyncConnectionEndpoint connected) {
        if (callback != null) callback.completed(tracked);
      }
    });
  }

  @Override public void upgrade(AsyncConnectionEndpoint endpoint, Object attachment, HttpContext context) {
    pool.upgrade(unwrap(endpoint), attachment, context);
  }

  @Override public void upgrade(AsyncConnectionEndpoint endpoint, Object attachment, HttpContext context,
                                FutureCallback<AsyncConnectionEndpoint> callback) {
    Tracked tracked = endpoint instanceof Tracked t ? t : new Tracked(endpoint);
    pool.upgrade(unwrap(endpoint), attachment, context, new CallbackContribution<>(callback) {
      @Override public void completed(AsyncConnectionEndpoint upgraded) {
        if (callback != null) callback.completed(tracked);
      }
    });
  }

  @Override public void close(CloseMode mode) { pool.close(mode); }

  @Override public void close() throws IOException { pool.close(); }

  private static AsyncConnectionEndpoint unwrap(AsyncConnectionEndpoint endpoint) {
    return endpoint instanceof Tracked tracked ? tracked.delegate : endpoint;
  }

  /** A pooled endpoint that leaves its name in the context of each exchange it carries. */
  private static final class Tracked extends AsyncConnectionEndpoint {
    private final AsyncConnectionEndpoint delegate;

    Tracked(AsyncConnectionEndpoint delegate) { this.delegate = delegate; }

    @Override public void execute(String id, AsyncClientExchangeHandler handler,
                                  HandlerFactory<AsyncPushConsumer> pushHandlerFactory, HttpContext context) {
      if (context != null) context.setAttribute(ATTRIBUTE, delegate);
      delegate.execute(id, handler, pushHandlerFactory, context);
    }

    @Override public boolean isConnected() { return delegate.isConnected(); }

    @Override public void setSocketTimeout(Timeout timeout) { delegate.setSocketTimeout(timeout); }

    @Override public EndpointInfo getInfo() { return delegate.getInfo(); }

    @Override public void close(CloseMode mode) { delegate.close(mode); }
  }
}
