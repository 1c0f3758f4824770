package org.airouter.proxy;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP engine for upstream calls: Apache HttpClient 5 async (of the Java clients a prototype measured on this
 * kind of machine, the fastest for streaming; the JDK HttpClient cost 3.5–5× the CPU per request).
 * Everything a browser-like client does and a proxy must not (redirects, retries, cookies, auth caching,
 * decompression) is off: a redirect could lead the router to an address the operator never configured.
 */
public final class UpstreamClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UpstreamClient.class.getName());

  private final ProxySettings settings;
  private final TlsStrategy tls;
  private final RequestConfig requests;   // every call's, but for a target's own connect timeout
  private final AtomicInteger replaced = new AtomicInteger();
  private volatile CloseableHttpAsyncClient client;   // replaced only under this lock
  private boolean closed;                              // guarded by this

  public UpstreamClient(ProxySettings settings) {
    this(settings, DefaultClientTlsStrategy.createDefault());   // the JVM's trust store, as HttpClient's default
  }

  /** @param tls how upstream TLS is verified; tests trust their own certificate with it */
  UpstreamClient(ProxySettings settings, TlsStrategy tls) {
    this.settings = settings;
    this.tls = tls;
    this.requests = RequestConfig.custom()
        .setResponseTimeout(Timeout.ofMilliseconds(backstopMs(settings)))
        .setRedirectsEnabled(false)
        .setHardCancellationEnabled(true)   // lets a cancel stop an exchange still waiting for its head
        .build();
    this.client = started();
  }

  /** HttpClient's own response timeout is only a backstop; the Watchdog enforces first-byte and idle limits. */
  private static long backstopMs(ProxySettings settings) {
    return Math.max(settings.firstByteTimeoutMs(), settings.idleTimeoutMs()) + 5_000;
  }

  private CloseableHttpAsyncClient started() {
    long backstop = backstopMs(settings);
    CloseableHttpAsyncClient built = HttpAsyncClients.custom()
        .setConnectionManager(new AbortableConnections(PoolingAsyncClientConnectionManagerBuilder.create()
            .setTlsStrategy(tls)
            .setMaxConnTotal(settings.maxConnections())
            .setMaxConnPerRoute(settings.maxConnections())
            .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMs()))
                .setSocketTimeout(Timeout.ofMilliseconds(backstop))
                .setTimeToLive(TimeValue.ofMinutes(10))
                .build())
            .build()))
        .setIOReactorConfig(IOReactorConfig.custom()
            .setIoThreadCount(settings.ioThreads())
            .setSoTimeout(Timeout.ofMilliseconds(backstop))
            .setTcpNoDelay(true)
            .build())
        .setDefaultRequestConfig(requests)
        // HttpClient keeps three buffers of this size per HTTP/1 connection; its 32 KiB default cost 96 KiB of heap
        // for every open stream (bench/README.md). Frames are small: 8 KiB measured 72 KiB a stream less, 4 KiB
        // another 8 KiB less, with no throughput cost seen in A/B rounds.
        // The window an answer starts with, before the relay grants any: ResponseRelay counts it as held.
        .setHttp1Config(Http1Config.custom().setBufferSize(settings.upstreamBufferBytes())
            .setInitialWindowSize(FlowWindow.INITIAL_WINDOW).build())
        .setH2Config(H2Config.custom().setInitialWindowSize(FlowWindow.INITIAL_WINDOW).build())
        // ...and a paused HTTP/1.1 connection really stops reading (a chunked answer ran past the window otherwise).
        .setIoSessionDecorator(WindowedSession::decorate)
        // HTTP/2 where the upstream offers it over TLS, one exchange per connection as with HTTP/1. HttpClient's
        // multiplexing pool (setMessageMultiplexing) stays off, measured with 5.6.5: it queues exchanges beyond the
        // upstream's concurrent-stream limit behind streams that may last minutes, and when one exchange on a shared
        // connection fails or is reset, it closes the connection and every stream on it. AbortableConnections relies
        // on a connection carrying a single exchange.
        .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableConnectionState()
        .disableContentCompression()
        .evictIdleConnections(TimeValue.ofSeconds(60))
        .setUserAgent("ai-router")
        .build();
    built.start();
    return built;
  }

  public <T> Future<T> execute(AsyncRequestProducer request, AsyncResponseConsumer<T> response,
                               FutureCallback<T> callback) {
    CloseableHttpAsyncClient current = client;
    return current.execute(request, ReactorSafeConsumer.of(response), null, null, watching(current, callback));
  }

  /**
   * A call on the caller's context: once the request is on a connection, the context names that connection, so the
   * caller can close it ({@link AbortableConnections#abort}) whatever the exchange's state; HttpClient's own cancel
   * did not always close a connection whose request was sent and whose head had not come (ClientGoneIT caught it).
   * With {@code connectTimeoutMs} above 0, a new connection (if the call needs one) may take that long to open instead
   * of {@code airouter.connect-timeout-ms}: a target's own {@code timeouts.connectMs}. One client for all targets: the
   * pool passes a request's connect timeout to the connection it opens, ahead of its own default.
   */
  @SuppressWarnings("deprecation")   // RequestConfig's connect timeout: the per-request one HttpClient 5.6 still reads
  public <T> Future<T> execute(AsyncRequestProducer request, AsyncResponseConsumer<T> response,
                               FutureCallback<T> callback, HttpClientContext context, long connectTimeoutMs) {
    if (connectTimeoutMs > 0) {
      context.setRequestConfig(RequestConfig.copy(requests)
          .setConnectTimeout(Timeout.ofMilliseconds(connectTimeoutMs)).build());
    }
    CloseableHttpAsyncClient current = client;
    return current.execute(request, ReactorSafeConsumer.of(response), null, context, watching(current, callback));
  }

  /** A small GET of our own (model lists): whole body in memory, ten seconds at most. */
  public CompletableFuture<SimpleHttpResponse> get(URI uri, Map<String, String> headers) {
    SimpleRequestBuilder request = SimpleRequestBuilder.get(uri)
        .setRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(10)).build());
    headers.forEach(request::addHeader);
    CompletableFuture<SimpleHttpResponse> result = new CompletableFuture<>();
    CloseableHttpAsyncClient current = client;
    current.execute(request.build(), watching(current, new FutureCallback<>() {
      @Override public void completed(SimpleHttpResponse response) { result.complete(response); }
      @Override public void failed(Exception e) { result.completeExceptionally(e); }
      @Override public void cancelled() { result.cancel(false); }
    }));
    return result;
  }

  /** How often a client whose I/O reactor had shut down was replaced since start. */
  public int replacedClients() { return replaced.get(); }

  private <T> FutureCallback<T> watching(CloseableHttpAsyncClient current, FutureCallback<T> callback) {
    return new ReactorWatch<>(this, current, callback);
  }

  /**
   * An Error that escapes on one of HttpClient's I/O threads (from a request body's producer, a callback, the TLS
   * layer: any code that runs there) shuts its whole I/O reactor down for good, and HttpClient's status still says
   * ACTIVE: every later call fails with "I/O reactor has been shut down" until a restart, while readiness stays UP.
   * The first call to fail that way replaces the client, so the next attempt (a failover's, or the next request's)
   * runs on a working one. The exchanges the dead reactor carried are lost either way; the Watchdog ends them.
   */
  void reactorShutDown(CloseableHttpAsyncClient dead) {
    synchronized (this) {
      if (closed || client != dead) return;   // shutting down, or already replaced
      client = started();
    }
    int count = replaced.incrementAndGet();
    LOG.severe("HttpClient's I/O reactor had shut down (an Error on an I/O thread, logged before this); a new upstream"
        + " client replaces it (" + count + " since start). The exchanges it carried are lost; the Watchdog ends"
        + " any that hang.");
    dead.close(CloseMode.IMMEDIATE);
  }

  @Override public void close() {
    CloseableHttpAsyncClient current;
    synchronized (this) {
      closed = true;
      current = client;
    }
    current.close(CloseMode.GRACEFUL);
    try {
      current.awaitShutdown(TimeValue.of(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
