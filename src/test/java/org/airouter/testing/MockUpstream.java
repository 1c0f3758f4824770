package org.airouter.testing;

import jakarta.json.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP/1.1 server on 127.0.0.1 that behaves like the OpenAI API, scripted per test.
 *
 * <p>It starts when created, so an Arquillian {@code @Deployment} method (which runs before other extensions'
 * {@code beforeAll}) can already put its {@link #baseUrl()} into the router's config file. As a JUnit extension
 * ({@code @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();}) it forgets queued replies and
 * records before each test and stops after the class. A class run again in the same JVM (Failsafe's rerun of a failed
 * test) finds the same static instance: it listens again on its old port, which the router's config still names.
 *
 * <p>Without a scripted reply it answers like OpenAI: chat completions (streamed when the body says
 * {@code "stream":true}), completions, embeddings (base64 when asked), the model list of {@link #models}, and an
 * echo object for any other path. {@link #replies} queues one-shot answers, {@link #always} replaces the default.
 */
public final class MockUpstream implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MockUpstream.class.getName());

  private volatile ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Deque<Reply> queue = new ConcurrentLinkedDeque<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private volatile Reply always;
  private volatile Reply models = Reply.models("gpt-4o", "gpt-4o-mini", "text-embedding-3-small");
  private volatile boolean stopped;
  private volatile int keepBodyBytes = -1;

  private MockUpstream() {
    listen(0);
  }

  private void listen(int port) {
    ServerSocket socket = null;
    try {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException("the mock upstream cannot listen on port " + port, e);
    }
    server = socket;
    stopped = false;
    ServerSocket listening = socket;
    Thread acceptor = new Thread(() -> acceptLoop(listening), "mock-upstream-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens again, on the same port, after {@link #close()}; a no-op while it listens. */
  public synchronized void reopen() {
    if (stopped) listen(server.getLocalPort());
  }

  /** A started mock with OpenAI-like defaults. */
  public static MockUpstream openAi() {
    return new MockUpstream();
  }

  // ---- where it is -----------------------------------------------------------------------------------------------

  public int port() { return server.getLocalPort(); }

  /** {@code http://127.0.0.1:PORT/v1}: the base URL an OpenAI client (or a route) uses. */
  public String baseUrl() { return origin() + "/v1"; }

  /**
   * {@code http://127.0.0.1:PORT}, without the /v1. Asking for it reopens a closed mock: an Arquillian deployment
   * method asks before the router starts, and before this extension's own {@code beforeAll}.
   */
  public String origin() {
    reopen();
    return "http://127.0.0.1:" + port();
  }

  // ---- scripting -------------------------------------------------------------------------------------------------

  /** Queues one-shot replies, used in order by the next requests they accept. */
  public MockUpstream replies(Reply... replies) {
    queue.addAll(List.of(replies));
    return this;
  }

  /** Answers every request this reply accepts with it (until the next test), when nothing is queued. */
  public MockUpstream always(Reply reply) {
    always = reply;
    return this;
  }

  /** The ids the model list (GET .../models) returns. */
  public MockUpstream models(String... ids) {
    models = Reply.models(ids);
    return this;
  }

  /** Forgets queued replies, the {@link #always} reply and all records; keeps connections and the model list. */
  public void reset() {
    queue.clear();
    always = null;
    requests.clear();
    exchanges.clear();
  }

  // ---- what happened ---------------------------------------------------------------------------------------------

  public List<RecordedRequest> requests() { return List.copyOf(requests); }

  /** Requests other than model-list calls, which a router may make on its own. */
  public List<RecordedRequest> calls() {
    return requests.stream().filter(r -> !Reply.isModelsList(r)).toList();
  }

  public RecordedRequest lastRequest() {
    List<RecordedRequest> all = requests();
    if (all.isEmpty()) throw new AssertionError("the mock upstream received no request");
    return all.get(all.size() - 1);
  }

  /** The single call (not a model list) received since the test started; fails if there was none or several. */
  public RecordedRequest onlyCall() {
    List<RecordedRequest> calls = calls();
    if (calls.size() != 1) throw new AssertionError("expected exactly one upstream call, got " + calls);
    return calls.get(0);
  }

  public List<Exchange> exchanges() { return List.copyOf(exchanges); }

  public Exchange lastExchange() {
    List<Exchange> all = exchanges();
    if (all.isEmpty()) throw new AssertionError("the mock upstream served nothing");
    return all.get(all.size() - 1);
  }

  /** Waits until n requests (of any kind) have arrived. */
  public List<RecordedRequest> awaitRequests(int n, Duration timeout) throws InterruptedException {
    Poll.until(timeout, Duration.ofMillis(10), requests::size, size -> size >= n);
    if (requests.size() < n) throw new AssertionError("expected " + n + " upstream requests within " + timeout + ", got " + requests);
    return requests();
  }

  /** Waits for the first exchange that is not a model list, e.g. a stream the test is reading. */
  public Exchange awaitCall(Duration timeout) throws InterruptedException {
    Optional<Exchange> call = Poll.until(timeout, Duration.ofMillis(10),
        () -> exchanges.stream().filter(e -> !Reply.isModelsList(e.request())).findFirst(), Optional::isPresent);
    return call.orElseThrow(() -> new AssertionError("no upstream call within " + timeout));
  }

  /**
   * Large uploads: keep only the first {@code bytes} of each request body (the size and SHA-256 of the whole are still
   * recorded), so the test JVM, which the embedded router shares, holds no whole copy. -1 (the default) keeps all.
   */
  public MockUpstream keepBodiesUpTo(int bytes) {
    keepBodyBytes = bytes;
    return this;
  }

  private RecordedRequest readKeepingPrefix(InputStream in, HttpWire.Head head, String[] start, int connection)
      throws IOException {
    String length = head.headers().first("content-length");
    InputStream body = HttpWire.isChunked(head.headers()) ? new HttpWire.ChunkedInputStream(in)
        : length == null ? InputStream.nullInputStream() : new HttpWire.BoundedInputStream(in, Long.parseLong(length.trim()));
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    long size = 0;
    for (int n; (n = body.read(buffer)) > 0; ) {
      sha.update(buffer, 0, n);
      if (prefix.size() < keepBodyBytes) prefix.write(buffer, 0, Math.min(n, keepBodyBytes - prefix.size()));
      size += n;
    }
    if (length != null && size != Long.parseLong(length.trim())) throw new EOFException("body ended early");
    return new RecordedRequest(start[0], start[1], head.headers(), prefix.toByteArray(), Instant.now(), connection, size,
        HexFormat.of().formatHex(sha.digest()));
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------------

  @Override public void beforeAll(ExtensionContext context) { reopen(); }

  @Override public void beforeEach(ExtensionContext context) { reset(); }

  @Override public void afterAll(ExtensionContext context) { close(); }

  /** Stops accepting and closes every open connection (which ends hanging exchanges). */
  @Override public synchronized void close() {
    stopped = true;
    try { server.close(); } catch (IOException ignored) { }
    for (Socket s : open) closeQuietly(s);
  }

  // ---- the server ------------------------------------------------------------------------------------------------

  private void acceptLoop(ServerSocket listening) {
    while (!listening.isClosed()) {
      try {
        Socket socket = listening.accept();
        open.add(socket);
        int id = connections.incrementAndGet();
        Thread t = new Thread(() -> serve(socket, id), "mock-upstream-" + port() + "-conn-" + id);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!listening.isClosed()) LOG.log(Level.WARNING, "mock upstream accept failed", e);
      }
    }
  }

  private void serve(Socket socket, int connection) {
    try (socket) {
      socket.setTcpNoDelay(true);
      PushbackInputStream in = new PushbackInputStream(new BufferedInputStream(socket.getInputStream()), 1);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      while (!stopped) {
        HttpWire.Head head = HttpWire.readHead(in);
        if (head == null) return;   // the peer closed an idle keep-alive connection
        String[] start = head.startLine().split(" ", 3);
        if (start.length < 3) throw new IOException("bad request line: " + head.startLine());
        if ("100-continue".equalsIgnoreCase(head.headers().first("expect"))) {
          out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
        RecordedRequest request = keepBodyBytes < 0
            ? new RecordedRequest(start[0], start[1], head.headers(), HttpWire.readRequestBody(in, head.headers()),
                Instant.now(), connection)
            : readKeepingPrefix(in, head, start, connection);
        requests.add(request);
        Reply reply = choose(request);
        Exchange exchange = new Exchange(request, reply);
        exchanges.add(exchange);
        boolean keepOpen;
        try {
          keepOpen = answer(socket, in, out, request, reply, exchange);
        } finally {
          exchange.end();
        }
        if (!keepOpen || "close".equalsIgnoreCase(request.header("connection"))) return;
      }
    } catch (SocketException | EOFException peerGone) {
      // the router closed or reset the connection; nothing was in progress
    } catch (IOException | RuntimeException e) {
      if (!stopped) LOG.log(Level.WARNING, "mock upstream connection " + connection + " failed", e);
    } finally {
      open.remove(socket);
    }
  }

  private Reply choose(RecordedRequest request) {
    for (Iterator<Reply> it = queue.iterator(); it.hasNext(); ) {
      Reply r = it.next();
      if (r.accepts.test(request) && queue.removeFirstOccurrence(r)) return r;
    }
    Reply fixed = always;
    if (fixed != null && fixed.accepts.test(request)) return fixed;
    return defaultReply(request);
  }

  private Reply defaultReply(RecordedRequest r) {
    String path = r.path();
    if (Reply.isModelsList(r)) return models;
    if ("POST".equals(r.method()) && path.endsWith("/chat/completions")) {
      return r.wantsStream() ? Reply.stream("Hello", " from", " mock") : Reply.chat("Hello from mock");
    }
    if ("POST".equals(r.method()) && path.endsWith("/completions")) return Reply.completion("Hello from mock");
    if ("POST".equals(r.method()) && path.endsWith("/embeddings")) return Reply.embeddings();
    return Reply.json(Json.createObjectBuilder().add("object", "mock.echo").add("method", r.method())
        .add("target", r.target()).add("bytes", r.size()).add("sha256", r.sha256()).build().toString());
  }

  /** Writes the reply; returns whether the connection may carry another request. */
  private boolean answer(Socket socket, PushbackInputStream in, OutputStream out, RecordedRequest request, Reply reply,
                         Exchange exchange) throws IOException {
    if (!reply.headDelay.isZero() && waitWatchingPeer(socket, in, reply.headDelay, exchange)) return false;
    switch (reply.kind) {
      case HANG -> {
        waitWatchingPeer(socket, in, null, exchange);
        return false;
      }
      case RESET -> {
        exchange.markResetByUs();
        resetConnection(socket);
        return false;
      }
      case CLOSE -> {
        socket.shutdownOutput();
        return false;
      }
      case FIXED -> {
        byte[] body = reply.body.apply(request);
        List<Map.Entry<String, String>> headers = new ArrayList<>(reply.headers);
        headers.add(Map.entry("content-length", Integer.toString(body.length)));
        try {
          HttpWire.writeHead(out, "HTTP/1.1 " + reply.status + " " + reason(reply.status), new Headers(headers));
          out.write(body);
          out.flush();
        } catch (IOException e) {
          exchange.peerClosed(Instant.now());
          return false;
        }
        exchange.headSent();
        return true;
      }
      case STREAM -> {
        return stream(socket, in, out, request, reply, exchange);
      }
      default -> throw new IllegalStateException(reply.kind.toString());
    }
  }

  private boolean stream(Socket socket, PushbackInputStream in, OutputStream out, RecordedRequest request, Reply reply,
                         Exchange exchange) throws IOException {
    List<String> frames = reply.frames.apply(request);
    List<Map.Entry<String, String>> headers = new ArrayList<>(reply.headers);
    headers.add(Map.entry("transfer-encoding", "chunked"));
    try {
      HttpWire.writeHead(out, "HTTP/1.1 " + reply.status + " " + reason(reply.status), new Headers(headers));
      out.flush();
      exchange.headSent();
      if (!reply.firstFrameDelay.isZero() && waitWatchingPeer(socket, in, reply.firstFrameDelay, exchange)) return false;
      for (int i = 0; i < frames.size(); i++) {
        if (i == reply.resetAfterFrames) {
          // The break comes one interval after the last frame, as a real one would: an RST right behind the data
          // lets the kernel drop frames the router has not read yet, which would test the network, not the router.
          if (!reply.interval.isZero() && waitWatchingPeer(socket, in, reply.interval, exchange)) return false;
          exchange.markResetByUs();
          resetConnection(socket);
          return false;
        }
        if (i > 0 && !reply.interval.isZero() && waitWatchingPeer(socket, in, reply.interval, exchange)) return false;
        String frame = reply.rawFrames ? frames.get(i) + "\n\n" : "data: " + frames.get(i) + "\n\n";
        HttpWire.writeChunk(out, frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
        exchange.frameSent();
      }
      if (reply.resetAfterFrames == frames.size()) {
        exchange.markResetByUs();
        resetConnection(socket);
        return false;
      }
      HttpWire.writeLastChunk(out);
      out.flush();
      return true;
    } catch (IOException writeFailed) {
      exchange.peerClosed(Instant.now());
      return false;
    }
  }

  /**
   * Waits for the duration (forever if null) while watching the connection; returns true if the peer closed or reset
   * it meanwhile (recorded on the exchange). A plain HTTP/1.1 client sends nothing while it awaits an answer, so a
   * read that returns -1 or fails means it left; stray bytes are pushed back for the next request.
   */
  private boolean waitWatchingPeer(Socket socket, PushbackInputStream in, Duration duration, Exchange exchange) throws IOException {
    long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    try {
      while (!stopped) {
        long remainingMs = duration == null ? 0 : (deadline - System.nanoTime()) / 1_000_000;
        if (duration != null && remainingMs <= 0) return false;
        socket.setSoTimeout(duration == null ? 250 : (int) Math.max(1, Math.min(remainingMs, 250)));
        try {
          int b = in.read();
          if (b == -1) {
            exchange.peerClosed(Instant.now());
            return true;
          }
          in.unread(b);
          // Pipelined bytes: keep them for later and just sleep out the rest.
          if (duration == null) return false;
          long sleepMs = (deadline - System.nanoTime()) / 1_000_000;
          if (sleepMs > 0) Thread.sleep(sleepMs);
          return false;
        } catch (SocketTimeoutException stillThere) {
          // keep waiting
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } catch (IOException reset) {
      exchange.peerClosed(Instant.now());
      return true;
    } finally {
      if (!socket.isClosed()) socket.setSoTimeout(0);
    }
  }

  private static void resetConnection(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  private static void closeQuietly(Closeable c) {
    if (c == null) return;
    try { c.close(); } catch (IOException ignored) { }
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  @Override public String toString() {
    return "MockUpstream[" + baseUrl() + "]";
  }
}
