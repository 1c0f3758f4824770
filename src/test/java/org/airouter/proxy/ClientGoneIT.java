package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Exchange;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.RawHttp;
import org.airouter.testing.Reply;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.SseStream;
import org.airouter.testing.UsageRows;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that hangs up while its stream is quiet (a reasoning model before its first token, or slow frames) stops
 * the upstream within about a second, not at the upstream's next frames, and is counted as gone. Default timeouts,
 * so no timeout of the router's can be what closes the upstream.
 */
@ExtendWith(ArquillianExtension.class)
class ClientGoneIT {
  static final String KEY = "ar-test-key-client-gone-01";
  static final String STREAM_CHAT = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final Duration WANT = Duration.ofMillis(2000);   // two probes of 500 ms, the sweep's tick, a busy machine

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  static String usageUrl;

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings settings = RouterSettings.fresh(ClientGoneIT.class)
        .config(ConfigFiles.config()
            .route(route("gpt", "glob", "gpt-*").at(upstream))
            .clientKey(clientKey("team-a", KEY)));
    usageUrl = UsageRows.sharedH2Url(settings.dataDir());
    settings.set(RouterSettings.JDBC_URL, usageUrl).set(RouterSettings.JDBC_USER, "sa")
        .set(RouterSettings.USAGE_FLUSH_MS, 200).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @Test void aClientThatLeavesBeforeTheFirstTokenStopsTheUpstreamWithinAboutASecond() throws Exception {
    long goneBefore = clientsGone();
    upstream.replies(Reply.stream("late").firstAfter(Duration.ofSeconds(30)));   // the head now, the first token late
    Instant hungUp;
    try (RawHttp raw = RawHttp.connect(base)) {
      HttpWire.Head head = raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + KEY), STREAM_CHAT)
          .readHead();
      assertEquals(200, head.status(), head::toString);
      hungUp = Instant.now();
    }   // FIN, as a client process that closes its socket

    assertUpstreamStoppedSoonAfter(hungUp);
    assertEquals(goneBefore + 1, awaitClientsGone(goneBefore + 1), "the usage record says the client left");
  }

  @Test void aClientThatLeavesBetweenSlowFramesStopsTheUpstreamWithinAboutASecond() throws Exception {
    upstream.replies(Reply.stream("one", " two", " three").every(Duration.ofSeconds(15)));
    Instant hungUp;
    try (RawHttp raw = RawHttp.connect(base)) {
      HttpWire.Head head = raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + KEY), STREAM_CHAT)
          .readHead();
      assertEquals(200, head.status(), head::toString);
      List<SseStream.Frame> frames = raw.readFramesUntil(head, f -> f.data().contains("\"role\""));
      assertFalse(frames.isEmpty());
      hungUp = Instant.now();
    }

    assertUpstreamStoppedSoonAfter(hungUp);
  }

  private void assertUpstreamStoppedSoonAfter(Instant hungUp) throws InterruptedException {
    Exchange e = upstream.awaitCall(Duration.ofSeconds(2));
    Instant closed = e.awaitPeerClose(Duration.ofSeconds(10));
    assertNotNull(closed, () -> "the router kept the upstream open 10 s after its client left; " + e);
    Duration lag = Duration.between(hungUp, closed);
    assertTrue(lag.compareTo(WANT) < 0, () -> "the upstream was closed " + lag.toMillis() + " ms after the client left");
  }

  private static long clientsGone() {
    Object n = new UsageRows(usageUrl).query("select coalesce(sum(client_gone), 0) n from usage_hourly").get(0).get("n");
    return ((Number) n).longValue();
  }

  private static long awaitClientsGone(long atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long n = clientsGone();
    while (n < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(100);
      n = clientsGone();
    }
    return n;
  }
}
