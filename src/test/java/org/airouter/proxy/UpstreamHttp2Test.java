package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The router's upstream engine against an upstream that offers HTTP/2 over TLS (ALPN): the exchange is HTTP/2, and
 * answers and streams arrive as sent.
 */
@Timeout(60)
class UpstreamHttp2Test {
  private static final long WAIT_S = 10;   // a generous bound for what should take milliseconds

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
    return new ProxySettings(32L * 1024 * 1024, 1024 * 1024, 5_000, 30_000, 30_000, List.of("*"), 64, 1, 0, 4 * 1024);
  }
}
