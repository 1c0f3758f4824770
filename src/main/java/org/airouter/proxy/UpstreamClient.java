package org.airouter.proxy;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
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
  private final CloseableHttpAsyncClient client;
  private final RequestConfig requests;   // every call's, but for a target's own connect timeout

  public UpstreamClient(ProxySettings settings) {
    this(settings, DefaultClientTlsStrategy.createDefault());   // the JVM's trust store, as HttpClient's default
  }

  /** @param tls how upstream TLS is verified; tests trust their own certificate with it */
  UpstreamClient(ProxySettings settings, TlsStrategy tls) {
    // HttpClient's own response timeout is only a backstop; the Watchdog enforces first-byte and idle limits.
    long backstop = Math.max(settings.firstByteTimeoutMs(), settings.idleTimeoutMs()) + 5_000;
    this.requests = RequestConfig.custom()
        .setResponseTimeout(Timeout.ofMilliseconds(backstop))
        .setRedirectsEnabled(false)
        .setHardCancellationEnabled(true)   // lets a cancel stop an exchange still waiting for its head
        .build();
    this.client = HttpAsyncClients.custom()
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
    client.start();
  }

  public <T> Future<T> execute(AsyncRequestProducer request, AsyncResponseConsumer<T> response,
                               FutureCallback<T> callback) {
    return client.execute(request, ReactorSafeConsumer.of(response), null, null, callback);
  }

  /**
   * A call whose new connection (if it needs one) may take {@code connectTimeoutMs} to open instead of the global
   * {@code airouter.connect-timeout-ms}: a target's own {@code timeouts.connectMs}. One client for all targets: the
   * pool passes a request's connect timeout to the connection it opens, ahead of its own default.
   */
  @SuppressWarnings("deprecation")   // RequestConfig's connect timeout: the per-request one HttpClient 5.6 still reads
  public <T> Future<T> execute(AsyncRequestProducer request, AsyncResponseConsumer<T> response,
                               FutureCallback<T> callback, long connectTimeoutMs) {
    HttpClientContext context = HttpClientContext.create();
    context.setRequestConfig(RequestConfig.copy(requests)
        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeoutMs)).build());
    return client.execute(request, ReactorSafeConsumer.of(response), null, context, callback);
  }

  /** A small GET of our own (model lists): whole body in memory, ten seconds at most. */
  public CompletableFuture<SimpleHttpResponse> get(URI uri, Map<String, String> headers) {
    SimpleRequestBuilder request = SimpleRequestBuilder.get(uri)
        .setRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(10)).build());
    headers.forEach(request::addHeader);
    CompletableFuture<SimpleHttpResponse> result = new CompletableFuture<>();
    client.execute(request.build(), new FutureCallback<>() {
      @Override public void completed(SimpleHttpResponse response) { result.complete(response); }
      @Override public void failed(Exception e) { result.completeExceptionally(e); }
      @Override public void cancelled() { result.cancel(false); }
    });
    return result;
  }

  @Override public void close() {
    client.close(CloseMode.GRACEFUL);
    try {
      client.awaitShutdown(TimeValue.of(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
