package org.airouter.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Keeps an {@link Error} thrown by the router's answer handling from reaching HttpClient's I/O reactor. HttpClient
 * turns an exception from a consumer into that exchange's failure, but an Error shuts the whole reactor down: every
 * open exchange stops and every later call fails with "I/O reactor has been shut down" until the router restarts. Seen
 * in the bench's 9,750-stream hold on WildFly: the server ran out of file descriptors, the JVM could not open the WAR to
 * load the failure path's first class ({@code NoClassDefFoundError}), and all 9,115 open streams hung. Here an Error
 * from the data path becomes an {@link IOException} (HttpClient fails that one exchange and calls {@link #failed}); one
 * from a notification is logged. Each method spells its try out instead of passing a lambda to one helper: consume runs
 * once per chunk, and a capturing lambda would allocate there.
 */
final class ReactorSafeConsumer<T> implements AsyncResponseConsumer<T> {
  private static final Logger LOG = Logger.getLogger(ReactorSafeConsumer.class.getName());

  private final AsyncResponseConsumer<T> delegate;

  private ReactorSafeConsumer(AsyncResponseConsumer<T> delegate) { this.delegate = delegate; }

  static <T> AsyncResponseConsumer<T> of(AsyncResponseConsumer<T> consumer) {
    return consumer instanceof ReactorSafeConsumer<T> ? consumer : new ReactorSafeConsumer<>(consumer);
  }

  @Override public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                        FutureCallback<T> callback) throws HttpException, IOException {
    try {
      delegate.consumeResponse(response, entity, context, callback);
    } catch (Error e) {
      throw failure(e);
    }
  }

  @Override public void informationResponse(HttpResponse response, HttpContext context)
      throws HttpException, IOException {
    try {
      delegate.informationResponse(response, context);
    } catch (Error e) {
      throw failure(e);
    }
  }

  @Override public void updateCapacity(CapacityChannel channel) throws IOException {
    try {
      delegate.updateCapacity(channel);
    } catch (Error e) {
      throw failure(e);
    }
  }

  @Override public void consume(ByteBuffer src) throws IOException {
    try {
      delegate.consume(src);
    } catch (Error e) {
      throw failure(e);
    }
  }

  @Override public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
    try {
      delegate.streamEnd(trailers);
    } catch (Error e) {
      throw failure(e);
    }
  }

  @Override public void failed(Exception cause) {
    try {
      delegate.failed(cause);
    } catch (Error e) {
      LOG.log(Level.SEVERE, "an upstream exchange's failure handling failed", e);
    }
  }

  @Override public void releaseResources() {
    try {
      delegate.releaseResources();
    } catch (Error e) {
      LOG.log(Level.SEVERE, "releasing an upstream exchange failed", e);
    }
  }

  private static IOException failure(Error e) {
    return new IOException("the router's answer handling failed: " + e, e);
  }
}
