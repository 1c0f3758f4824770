package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The router's upstream engine against an upstream that offers HTTP/2 over TLS (ALPN): the exchange is HTTP/2, and
 * answers and streams arrive as sent, each exchange has a connection of its own (so closing it to cancel one
 * stream touches no other), and a cancelled stream stops at the upstream.
 */
@Timeout(60)
class UpstreamHttp2Test {
  private static final long WAIT_S = 10;   // a generous bound for what should take milliseconds
  private static final int LONG_STREAM = 500;   // 10 s of frames: a stream that must be cut, not end by itself
  private static final int BULK = 4 * 1024 * 1024;   // far more than any flow-control window

  private H2Upstream upstream;
  private UpstreamClient client;

  @BeforeEach void start() throws Exception {
    upstream = new H2Upstream();
    client = new UpstreamClient(settings(),
        ClientTlsStrategyBuilder.create().setSslContext(H2Upstream.clientTrust()).buildAsync());
  }

  @AfterEach void stop() {
    if (client != null) client.close();
    if (upstream != null) upstream.close();
  }

  @Test void aJsonAnswerArrivesWholeOverHttp2() throws Exception {
    StreamRecorder answer = new StreamRecorder(() -> 0);
    Future<Void> call = client.execute(json(), answer, null);

    call.get(WAIT_S, TimeUnit.SECONDS);
    assertNull(answer.failure());
    assertEquals(200, answer.status());
    assertEquals(H2Upstream.JSON, answer.body());
    assertEquals(HttpVersion.HTTP_2, answer.version(), "the client's side of the exchange");
    assertEquals(HttpVersion.HTTP_2, upstream.requests().get(0).version(), "the upstream's side of the exchange");
  }

  @Test void sseFramesArriveOneByOneAsSent() throws Exception {
    StreamRecorder stream = sse();
    Future<Void> call = client.execute(get("/sse"), stream, null);

    call.get(WAIT_S, TimeUnit.SECONDS);
    assertNull(stream.failure());
    assertEquals(HttpVersion.HTTP_2, stream.version());
    assertEquals(HttpVersion.HTTP_2, upstream.requests().get(0).version());
    List<Integer> sent = stream.sentWhenFrameArrived();
    assertEquals(H2Upstream.FRAMES, sent.size(), stream.body());
    for (int n = 1; n <= H2Upstream.FRAMES; n++) {
      assertTrue(stream.body().contains("data: {\"n\":" + n + "}\n\n"), "frame " + n);
    }
    // Sent a frame every 20 ms, they must come the same way, not in a heap at the end.
    assertTrue(sent.get(0) < H2Upstream.FRAMES / 2, "first frame arrived after " + sent.get(0) + " were sent");
    assertTrue(stream.readsWithFrames() >= H2Upstream.FRAMES / 2, stream.readsWithFrames() + " reads");
  }

  @ParameterizedTest(name = "on a {0} connection") @ValueSource(strings = {"new", "pooled"})
  void aCancelledStreamStopsAtTheUpstream(String connection) throws Exception {
    if (connection.equals("pooled")) leaveAConnectionInThePool();
    StreamRecorder stream = sse();
    Future<Void> call = client.execute(get("/sse?frames=" + LONG_STREAM), stream, null);
    assertTrue(stream.awaitFrames(3, WAIT_S, TimeUnit.SECONDS));
    H2Upstream.SseStream served = upstream.streams().get(0);
    assertEquals(HttpVersion.HTTP_2, stream.version());
    if (connection.equals("pooled")) {
      assertEquals(upstream.requests().get(0).connection(), upstream.requests().get(1).connection(),
          "the stream runs on the connection of the exchange before it");
    }

    cancelAsTheRelayDoes(stream.context(), call);

    assertTrue(served.awaitEnd(2, TimeUnit.SECONDS), "the upstream still streams 2 s after the cancel");
    assertTrue(served.cutShort(), "the stream ended before its last frame");
    assertTrue(stream.awaitReleased(WAIT_S, TimeUnit.SECONDS), "HttpClient let the exchange go (no leaked lease)");

    // The connection carried that exchange alone and went with it; the next exchange opens another.
    assertEquals(1, upstream.connections());
    StreamRecorder next = new StreamRecorder(() -> 0);
    client.execute(json(), next, null).get(WAIT_S, TimeUnit.SECONDS);
    assertEquals(H2Upstream.JSON, next.body(), "the next exchange runs as ever");
    assertEquals(HttpVersion.HTTP_2, next.version());
    assertEquals(2, upstream.connections());
  }

  /** One exchange run to its end, so that its HTTP/2 connection waits in the pool for the next. */
  private void leaveAConnectionInThePool() throws Exception {
    StreamRecorder warmUp = new StreamRecorder(() -> 0);
    client.execute(json(), warmUp, null);
    assertTrue(warmUp.awaitReleased(WAIT_S, TimeUnit.SECONDS));
  }

  @Test void concurrentExchangesHaveAConnectionEachSoACancelReachesNoOther() throws Exception {
    leaveAConnectionInThePool();   // a multiplexing pool would put every exchange on it

    StreamRecorder doomed = sse();
    Future<Void> doomedCall = client.execute(get("/sse?frames=" + LONG_STREAM), doomed, null);
    assertTrue(doomed.awaitFrames(1, WAIT_S, TimeUnit.SECONDS));
    List<StreamRecorder> others = new ArrayList<>();
    List<Future<Void>> otherCalls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      StreamRecorder other = new StreamRecorder(() -> 0);
      others.add(other);
      otherCalls.add(client.execute(get("/sse"), other, null));
    }
    for (StreamRecorder other : others) assertTrue(other.awaitFrames(1, WAIT_S, TimeUnit.SECONDS));

    Set<SocketAddress> connections = new HashSet<>();
    for (H2Upstream.Request request : upstream.requests().subList(1, 5)) {
      assertEquals(HttpVersion.HTTP_2, request.version());
      connections.add(request.connection());
    }
    assertEquals(4, connections.size(), "four streams at once, four connections");

    cancelAsTheRelayDoes(doomed.context(), doomedCall);
    H2Upstream.SseStream cancelled = upstream.streams().get(0);
    assertTrue(cancelled.awaitEnd(2, TimeUnit.SECONDS), "the cancelled stream ends at the upstream");
    assertTrue(cancelled.cutShort());
    for (Future<Void> call : otherCalls) call.get(WAIT_S, TimeUnit.SECONDS);
    for (StreamRecorder other : others) {
      assertNull(other.failure());
      assertEquals(H2Upstream.FRAMES, other.sentWhenFrameArrived().size(), "the others run to their end");
    }
  }

  @Test void anUpstreamSendsNoMoreThanTheConsumerHasRoomFor() throws Exception {
    HeldConsumer held = new HeldConsumer();
    Future<Void> call = client.execute(get("/bulk?bytes=" + BULK), held, null);
    assertTrue(held.awaitHead(WAIT_S, TimeUnit.SECONDS));
    H2Upstream.BulkStream served = upstream.bulks().get(0);

    // A consumer that grants nothing (the relay, while its client reads nothing): the upstream may send the stream's
    // initial window, HttpClient's default 65,535 bytes, and then nothing more.
    long sent = untilStill(served::handed);
    assertTrue(sent > 0 && sent <= 65_535, sent + " bytes sent to a consumer that asked for none");
    assertEquals(sent, untilStill(held::received), "what was sent arrived, no more and nothing lost");

    // The relay grants room as its client drains: each grant lets that much more through, and no more.
    held.grant(100_000);
    long more = untilStill(served::handed);
    assertTrue(more > sent && more <= 65_535 + 100_000, more + " bytes sent after a grant of 100,000");

    held.grant(BULK);   // the client drains all: the rest flows
    call.get(WAIT_S, TimeUnit.SECONDS);
    assertNull(held.failure);
    assertEquals(BULK, held.received());
    assertTrue(served.awaitEnd(WAIT_S, TimeUnit.SECONDS));
  }

  /** The value once it has not changed for 300 ms. */
  private static long untilStill(LongSupplier value) throws InterruptedException {
    long last = -1, now = value.getAsLong();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
    while (now != last && System.nanoTime() < deadline) {
      last = now;
      Thread.sleep(300);
      now = value.getAsLong();
    }
    return now;
  }

  /** A consumer with no room of its own until {@link #grant} is called: backpressure from a client that reads not. */
  private static final class HeldConsumer implements AsyncResponseConsumer<Void> {
    private final CountDownLatch head = new CountDownLatch(1);
    private final AtomicLong received = new AtomicLong();
    private volatile CapacityChannel capacity;
    private volatile FutureCallback<Void> callback;
    private volatile Exception failure;

    @Override public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                          FutureCallback<Void> callback) {
      this.callback = callback;
      head.countDown();
    }

    @Override public void informationResponse(HttpResponse response, HttpContext context) { }

    @Override public void updateCapacity(CapacityChannel channel) {
      capacity = channel;   // noted, nothing granted
    }

    @Override public void consume(ByteBuffer src) {
      received.addAndGet(src.remaining());
      src.position(src.limit());
    }

    @Override public void streamEnd(List<? extends Header> trailers) { callback.completed(null); }

    @Override public void failed(Exception cause) { failure = cause; }

    @Override public void releaseResources() { }

    boolean awaitHead(long timeout, TimeUnit unit) throws InterruptedException { return head.await(timeout, unit); }

    long received() { return received.get(); }

    void grant(int bytes) throws IOException {
      CapacityChannel channel = capacity;
      assertNotNull(channel, "HttpClient never offered the consumer its capacity channel");
      channel.update(bytes);
    }
  }

  /**
   * What ResponseRelay.cancelIfRequested does when the client leaves or a timeout hits: close the connection that
   * carries the exchange, or, when none is known yet, cancel the exchange.
   */
  private static void cancelAsTheRelayDoes(HttpContext context, Future<?> call) {
    if (!AbortableConnections.abort(context)) call.cancel(true);
  }

  private StreamRecorder sse() {
    // Progress of the stream being served right now: the newest one.
    return new StreamRecorder(() -> {
      List<H2Upstream.SseStream> served = upstream.streams();
      return served.isEmpty() ? 0 : served.get(served.size() - 1).written();
    });
  }

  private AsyncRequestProducer json() {
    return new BasicRequestProducer(Method.POST, upstream.uri("/json"),
        AsyncEntityProducers.create("{\"model\":\"gpt-4o-mini\"}", ContentType.APPLICATION_JSON));
  }

  private AsyncRequestProducer get(String path) {
    return new BasicRequestProducer(Method.GET, upstream.uri(path));
  }

  private static ProxySettings settings() {
    return new ProxySettings(32L * 1024 * 1024, 1024 * 1024, 5_000, 30_000, 30_000, List.of("*"), 64, 1, 0, 4 * 1024, 30_000,
        64L * 1024 * 1024, 8 * 1024 * 1024, 15_000);
  }
}
