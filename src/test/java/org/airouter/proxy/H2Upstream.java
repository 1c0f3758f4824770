package org.airouter.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerExchangeHandler;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.ResponseChannel;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseProducer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.http2.ssl.H2ServerTlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.reactor.IOSessionListener;
import org.apache.hc.core5.reactor.ListenerEndpoint;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.apache.hc.core5.util.TimeValue;

/**
 * An upstream that speaks HTTP/2 over TLS (ALPN; HTTP/1.1 too, for a client that does not ask for h2), on a free
 * loopback port, built on HttpCore's own server. {@code /json} answers a small JSON body; {@code /sse} streams
 * {@link #FRAMES} SSE frames (or {@code ?frames=n}) {@link #FRAME_GAP_MS} ms apart and records whether the stream ran
 * to its end; {@code /bulk} sends as much as flow control lets it.
 *
 * <p>Its certificate, src/test/resources/tls/upstream-h2.p12 (password {@code test-only}, for tests only), was made
 * once with: {@code keytool -genkeypair -alias upstream -keyalg RSA -keysize 2048 -dname CN=localhost
 * -ext SAN=dns:localhost,ip:127.0.0.1 -startdate 2020/01/01 -validity 36500 -storetype PKCS12
 * -keystore upstream-h2.p12 -storepass test-only -keypass test-only}.
 */
final class H2Upstream implements AutoCloseable {
  static final int FRAMES = 50;
  static final long FRAME_GAP_MS = 20;
  static final String JSON = "{\"id\":\"chatcmpl-h2\",\"object\":\"chat.completion\",\"choices\":[]}";

  private static final URL KEYSTORE = H2Upstream.class.getResource("/tls/upstream-h2.p12");
  private static final char[] PASSWORD = "test-only".toCharArray();

  private final HttpAsyncServer server;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "h2-upstream-ticker");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<SseStream> streams = new CopyOnWriteArrayList<>();
  private final List<BulkStream> bulks = new CopyOnWriteArrayList<>();
  private volatile int fastSseFrames = FRAMES;
  private final List<FastSse> fastStreams = new CopyOnWriteArrayList<>();
  private final int port;

  H2Upstream() throws Exception {
    SSLContext tls = SSLContextBuilder.create().loadKeyMaterial(KEYSTORE, PASSWORD, PASSWORD).build();
    server = H2ServerBootstrap.bootstrap()
        .setCanonicalHostName("127.0.0.1")   // the host its requests name; any other gets 421 Misdirected Request
        .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
        .setTlsStrategy(new H2ServerTlsStrategy(tls))
        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
        .setIOSessionListener(new ConnectionCounter())
        .register("/json", new JsonHandler())
        .register("/sse", () -> {
          SseStream stream = new SseStream();
          streams.add(stream);
          return stream;
        })
        .register("/v1/chat/completions", () -> {
          FastSse stream = new FastSse(fastSseFrames);
          fastStreams.add(stream);
          return stream;
        })
        .register("/bulk", () -> {
          BulkStream stream = new BulkStream();
          bulks.add(stream);
          return stream;
        })
        .create();
    server.start();
    ListenerEndpoint endpoint = server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        URIScheme.HTTPS).get(10, TimeUnit.SECONDS);
    port = ((InetSocketAddress) endpoint.getAddress()).getPort();
  }

  /** Trusts this upstream's certificate, and no other. */
  static SSLContext clientTrust() throws Exception {
    return SSLContextBuilder.create().loadTrustMaterial(KEYSTORE, PASSWORD).build();
  }

  URI uri(String path) { return URI.create("https://127.0.0.1:" + port + path); }

  /** The router's base URL: its {@code /v1/chat/completions} streams {@link #FAST_FRAME}s as fast as flow control lets it. */
  String baseUrl() { return "https://127.0.0.1:" + port + "/v1"; }

  /** How many {@link #FAST_FRAME}s each {@code /v1/chat/completions} answer streams, before its {@code [DONE]}. */
  void fastSseFrames(int frames) { fastSseFrames = frames; }

  /** The {@code /v1/chat/completions} answers begun, in arrival order. */
  List<FastSse> fastStreams() { return fastStreams; }

  /** TCP connections accepted so far. */
  int connections() { return connections.get(); }

  /** The requests so far, in arrival order. */
  List<Request> requests() { return requests; }

  /** The SSE streams begun, in arrival order. */
  List<SseStream> streams() { return streams; }

  /** The bulk answers begun, in arrival order. */
  List<BulkStream> bulks() { return bulks; }

  @Override public void close() {
    ticker.shutdownNow();
    server.close(CloseMode.IMMEDIATE);
    try {
      server.awaitShutdown(TimeValue.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A request as the upstream saw it: its protocol, and the client's end of the connection that carried it. */
  record Request(String path, ProtocolVersion version, SocketAddress connection) {}

  private void record(HttpRequest request, HttpContext context) {
    requests.add(new Request(request.getPath(), context.getProtocolVersion(),
        HttpCoreContext.cast(context).getEndpointDetails().getRemoteAddress()));
  }

  private final class JsonHandler implements AsyncServerRequestHandler<Message<HttpRequest, Void>> {
    @Override public AsyncRequestConsumer<Message<HttpRequest, Void>> prepare(HttpRequest request,
                                                                           EntityDetails entity,
                                                                           HttpContext context) {
      return new BasicRequestConsumer<>(entity == null ? null : new DiscardingEntityConsumer<>());
    }

    @Override public void handle(Message<HttpRequest, Void> request, ResponseTrigger trigger, HttpContext context)
        throws HttpException, IOException {
      record(request.getHead(), context);
      trigger.submitResponse(new BasicResponseProducer(200, JSON, ContentType.APPLICATION_JSON), context);
    }
  }

  /** One SSE answer: a frame every {@link #FRAME_GAP_MS} ms, written as the ticker makes it. */
  final class SseStream implements AsyncServerExchangeHandler {
    private final Object lock = new Object();
    private final ArrayDeque<ByteBuffer> queued = new ArrayDeque<>();   // guarded by lock
    private final AtomicInteger made = new AtomicInteger();
    private volatile int frames = FRAMES;
    private final AtomicInteger written = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile DataStreamChannel channel;
    private volatile ScheduledFuture<?> ticks;
    private volatile boolean finished;    // the last frame and the end of the stream went out
    private volatile Exception failure;

    /** Frames handed to the connection so far. */
    int written() { return written.get(); }

    /** Waits for the exchange to end, either way. */
    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException { return ended.await(timeout, unit); }

    /** Ended before its last frame: reset by the client, or its connection gone. */
    boolean cutShort() { return ended.getCount() == 0 && !finished; }

    Exception failure() { return failure; }

    @Override public void handleRequest(HttpRequest request, EntityDetails entity, ResponseChannel response,
                                        HttpContext context) throws HttpException, IOException {
      record(request, context);
      String query = URI.create(request.getPath()).getQuery();
      if (query != null && query.startsWith("frames=")) frames = Integer.parseInt(query.substring("frames=".length()));
      enqueue();   // the first frame with the head, so the connection asks for output at once
      BasicHttpResponse head = new BasicHttpResponse(200);
      head.addHeader("Cache-Control", "no-cache");
      response.sendResponse(head, new BasicEntityDetails(-1, ContentType.create("text/event-stream")), context);
      ticks = ticker.scheduleAtFixedRate(() -> {
        if (made.get() >= frames || ended.getCount() == 0) {
          ticks.cancel(false);
          return;
        }
        enqueue();
        DataStreamChannel ready = channel;
        if (ready != null) ready.requestOutput();
      }, FRAME_GAP_MS, FRAME_GAP_MS, TimeUnit.MILLISECONDS);
    }

    private void enqueue() {
      int n = made.incrementAndGet();
      String frame = "data: {\"n\":" + n + "}\n\n";
      synchronized (lock) {
        queued.add(ByteBuffer.wrap(frame.getBytes(StandardCharsets.US_ASCII)));
      }
    }

    @Override public void updateCapacity(CapacityChannel capacity) throws IOException {
      capacity.update(Integer.MAX_VALUE);
    }

    @Override public void consume(ByteBuffer src) { src.position(src.limit()); }

    @Override public void streamEnd(List<? extends Header> trailers) { }

    @Override public int available() {
      synchronized (lock) {
        return queued.isEmpty() ? 0 : queued.peek().remaining();
      }
    }

    @Override public void produce(DataStreamChannel out) throws IOException {
      channel = out;
      synchronized (lock) {
        while (!queued.isEmpty()) {
          ByteBuffer frame = queued.peek();
          out.write(frame);
          if (frame.hasRemaining()) return;   // flow control: the rest when the window opens
          queued.poll();
          written.incrementAndGet();
        }
        if (written.get() == frames && !finished) {
          finished = true;
          out.endStream();
        }
      }
    }

    @Override public void failed(Exception cause) {
      failure = cause;
      end();
    }

    @Override public void releaseResources() { end(); }

    private void end() {
      ScheduledFuture<?> t = ticks;
      if (t != null) t.cancel(false);
      ended.countDown();
    }
  }

  /**
   * {@code /bulk?bytes=n}: n bytes as fast as the connection takes them, so that only HTTP/2 flow control, the
   * window the client grants, holds it back.
   */
  final class BulkStream implements AsyncServerExchangeHandler {
    private static final ByteBuffer BLOCK = ByteBuffer.wrap(new byte[16 * 1024]).asReadOnlyBuffer();
    private final AtomicLong handed = new AtomicLong();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile long size;
    private boolean finished;   // only the I/O thread touches it

    /** Bytes the connection has taken so far (all it may send under the client's window). */
    long handed() { return handed.get(); }

    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException { return ended.await(timeout, unit); }

    @Override public void handleRequest(HttpRequest request, EntityDetails entity, ResponseChannel response,
                                        HttpContext context) throws HttpException, IOException {
      record(request, context);
      size = Long.parseLong(URI.create(request.getPath()).getQuery().substring("bytes=".length()));
      response.sendResponse(new BasicHttpResponse(200),
          new BasicEntityDetails(size, ContentType.APPLICATION_OCTET_STREAM), context);
    }

    @Override public void updateCapacity(CapacityChannel capacity) throws IOException {
      capacity.update(Integer.MAX_VALUE);
    }

    @Override public void consume(ByteBuffer src) { src.position(src.limit()); }

    @Override public void streamEnd(List<? extends Header> trailers) { }

    @Override public int available() { return (int) Math.min(Integer.MAX_VALUE, size - handed.get()); }

    @Override public void produce(DataStreamChannel out) throws IOException {
      if (finished) return;
      while (handed.get() < size) {
        ByteBuffer block = BLOCK.duplicate();
        block.limit((int) Math.min(block.capacity(), size - handed.get()));
        int taken = out.write(block);
        handed.addAndGet(taken);
        if (taken == 0 || block.hasRemaining()) return;   // the window is shut: called again when it opens
      }
      finished = true;
      out.endStream();
      ended.countDown();
    }

    @Override public void failed(Exception cause) { ended.countDown(); }

    @Override public void releaseResources() { ended.countDown(); }
  }

  static final String FAST_FRAME = "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      + "\"delta\":{\"content\":\"" + "x".repeat(1000) + "\"}}]}\n\n";
  static final String DONE = "data: [DONE]\n\n";
  private static final byte[] FRAME = FAST_FRAME.getBytes(StandardCharsets.US_ASCII);

  /**
   * {@code POST /v1/chat/completions}: an SSE answer of n {@link #FAST_FRAME}s and {@code [DONE]}, written as fast as
   * the connection takes it, so that only HTTP/2 flow control holds it back. Made on the fly: the answer is never in
   * this JVM's heap whole, which keeps heap measurements of the router honest.
   */
  final class FastSse implements AsyncServerExchangeHandler {
    private final AtomicLong handed = new AtomicLong();
    private final int frames;
    private int sent;            // frames handed over whole; only the I/O thread touches these
    private ByteBuffer current;
    private boolean finished;

    FastSse(int frames) { this.frames = frames; }

    /** Bytes of the answer the connection has taken so far. */
    long handed() { return handed.get(); }

    @Override public void handleRequest(HttpRequest request, EntityDetails entity, ResponseChannel response,
                                        HttpContext context) throws HttpException, IOException {
      record(request, context);
      response.sendResponse(new BasicHttpResponse(200),
          new BasicEntityDetails(-1, ContentType.create("text/event-stream")), context);
    }

    @Override public void updateCapacity(CapacityChannel capacity) throws IOException {
      capacity.update(Integer.MAX_VALUE);
    }

    @Override public void consume(ByteBuffer src) { src.position(src.limit()); }

    @Override public void streamEnd(List<? extends Header> trailers) { }

    @Override public int available() { return finished ? 0 : FRAME.length; }

    @Override public void produce(DataStreamChannel out) throws IOException {
      while (!finished) {
        if (current == null) {
          if (sent > frames) {
            finished = true;
            out.endStream();
            return;
          }
          current = ByteBuffer.wrap(sent < frames ? FRAME : DONE.getBytes(StandardCharsets.US_ASCII));
        }
        handed.addAndGet(out.write(current));
        if (current.hasRemaining()) return;   // the window is shut: called again when it opens
        current = null;
        sent++;
      }
    }

    @Override public void failed(Exception cause) { }

    @Override public void releaseResources() { }
  }

  private final class ConnectionCounter implements IOSessionListener {
    @Override public void connected(IOSession session) { connections.incrementAndGet(); }

    @Override public void startTls(IOSession session) { }

    @Override public void inputReady(IOSession session) { }

    @Override public void outputReady(IOSession session) { }

    @Override public void timeout(IOSession session) { }

    @Override public void exception(IOSession session, Exception ex) { }

    @Override public void disconnected(IOSession session) { }
  }
}
