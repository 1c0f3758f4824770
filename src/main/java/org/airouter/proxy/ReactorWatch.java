package org.airouter.proxy;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.reactor.IOReactorShutdownException;

/**
 * Every upstream call's callback, in front of the caller's: a failure saying that the client's I/O reactor has shut
 * down makes {@link UpstreamClient} replace that client before the caller hears of it (so a failover's next attempt
 * already runs on the new one). HttpClient runs callbacks on its I/O threads, so an Error from the caller's is logged
 * here instead of ending the reactor itself.
 */
final class ReactorWatch<T> implements FutureCallback<T> {
  private static final Logger LOG = Logger.getLogger(ReactorWatch.class.getName());

  private final UpstreamClient owner;
  private final CloseableHttpAsyncClient client;
  private final FutureCallback<T> delegate;

  ReactorWatch(UpstreamClient owner, CloseableHttpAsyncClient client, FutureCallback<T> delegate) {
    this.owner = owner;
    this.client = client;
    this.delegate = delegate;
  }

  @Override public void completed(T result) {
    if (delegate == null) return;
    try {
      delegate.completed(result);
    } catch (Error e) {
      LOG.log(Level.SEVERE, "an upstream call's completion handling failed", e);
    }
  }

  @Override public void failed(Exception cause) {
    if (cause instanceof IOReactorShutdownException) owner.reactorShutDown(client);
    if (delegate == null) return;
    try {
      delegate.failed(cause);
    } catch (Error e) {
      LOG.log(Level.SEVERE, "an upstream call's failure handling failed", e);
    }
  }

  @Override public void cancelled() {
    if (delegate == null) return;
    try {
      delegate.cancelled();
    } catch (Error e) {
      LOG.log(Level.SEVERE, "an upstream call's cancellation handling failed", e);
    }
  }
}
