package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Exchange;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Poll;
import org.airouter.testing.RawHttp;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.SseStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that hangs up while the router has nothing to write to it stops the upstream within about a second, and is
 * counted as gone: while the upstream has not sent its head (streamed or not), between the pieces of a whole answer,
 * before a stream's first token and between slow frames. Default timeouts, so no timeout of the router's can be what
 * closes the upstream. The client is a plain socket that closes (FIN), as a client process does when it exits.
 *
 * <p>Runs on Tomcat in the default build and on WildFly and Payara Micro in their profiles (README, "Disconnects").
 */
@ExtendWith(ArquillianExtension.class)
class ClientGoneIT {
  static final String KEY = "ar-test-key-client-gone-01";
  static final String ADMIN_PASSWORD = "acceptance-admin-password";   // a managed server's JVM options (arquillian.xml)
  static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String STREAM_CHAT = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final Duration WANT = Duration.ofMillis(2000);   // a second to notice, the sweep's tick, a busy machine
  static final Duration HEAD_AFTER = Duration.ofSeconds(5);
  static final Duration PIECES_EVERY = Duration.ofSeconds(3);
  /**
   * Whether the server lets the router see a client's close while nothing is written to it (ClientHangup): Tomcat
   * does; Undertow (WildFly) and Grizzly (Payara) do not, and there the tests hold the router to the bound the README
   * gives instead.
   */
  static final boolean SEES_A_QUIET_HANGUP = System.getProperty("airouter.server") == null;

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    String dir = System.getProperty("acceptance.dir");   // set for a managed server, which reads only its files
    RouterSettings settings = dir == null ? RouterSettings.fresh(ClientGoneIT.class) : RouterSettings.in(Path.of(dir));
    try {   // Payara Micro's post-boot command file (arquillian.xml): none for this run; other servers ignore it
      Files.writeString(settings.runDir().resolve("postboot.asadmin"), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    settings.config(ConfigFiles.config()
            .route(route("gpt", "glob", "gpt-*").at(upstream))
            .clientKey(clientKey("team-a", KEY)))
        .set(RouterSettings.ADMIN_PASSWORD, ADMIN_PASSWORD)
        .set(RouterSettings.USAGE_FLUSH_MS, 200)   // the embedded Tomcat only; managed servers flush each second
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL injected;
  URL base;

  /** On WildFly the HTTP listener's port is known (8080 + the profile's offset); elsewhere the injected URL. */
  @BeforeEach void onLoopback() throws MalformedURLException {
    String wildflyOffset = System.getProperty("wildfly.port-offset");
    base = wildflyOffset == null ? Deployments.onLoopback(injected)
        : new URL("http://127.0.0.1:" + (8080 + Integer.parseInt(wildflyOffset)) + "/");
  }

  @Test void aClientThatLeavesWhileTheUpstreamHasNotAnsweredStopsTheUpstreamWithinAboutASecond() throws Exception {
    long goneBefore = clientsGone();
    upstream.replies(Reply.hang());
    Instant hungUp;
    try (RawHttp raw = RawHttp.connect(base)) {
      raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + KEY), CHAT);
      upstream.awaitCall(Duration.ofSeconds(5));   // the router waits for the upstream's head now
      hungUp = Instant.now();
    }

    if (!SEES_A_QUIET_HANGUP) {   // nothing to write, so nothing tells: the bound is the first-byte timeout (README)
      assertUpstreamStillOpen(Duration.ofSeconds(3));
      return;
    }
    assertUpstreamStoppedSoonAfter(hungUp);
    assertEquals(goneBefore + 1, awaitClientsGone(goneBefore + 1), "the usage record says the client left");
  }

  @Test void aClientThatLeavesBeforeAStreamsHeadStopsTheUpstreamWithinAboutASecond() throws Exception {
    long goneBefore = clientsGone();
    upstream.replies(Reply.stream("late").after(HEAD_AFTER).firstAfter(Duration.ofSeconds(30)));
    Instant hungUp;
    try (RawHttp raw = RawHttp.connect(base)) {
      raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + KEY), STREAM_CHAT);
      upstream.awaitCall(Duration.ofSeconds(5));
      hungUp = Instant.now();
    }

    Exchange e = upstream.awaitCall(Duration.ofSeconds(2));
    if (SEES_A_QUIET_HANGUP) {
      assertUpstreamStoppedSoonAfter(hungUp);
      assertNull(e.headSentAt(), "closed before the upstream's head");
    } else {   // the bound: the head goes out, and the keep-alive probe after it fails (README)
      Instant closed = e.awaitPeerClose(HEAD_AFTER.plusSeconds(10));
      assertNotNull(closed, () -> "the router kept the upstream open after its head; " + e);
      assertNotNull(e.headSentAt(), "the router cannot have noticed before the head");
      Duration lag = Duration.between(e.headSentAt(), closed);
      assertTrue(lag.compareTo(WANT) < 0, () -> "the upstream was closed " + lag.toMillis() + " ms after its head");
    }
    assertEquals(goneBefore + 1, awaitClientsGone(goneBefore + 1), "the usage record says the client left");
  }

  @Test void aClientThatLeavesDuringASlowWholeAnswerStopsTheUpstreamWithinAboutASecond() throws Exception {
    long goneBefore = clientsGone();
    // A JSON answer in pieces 3 s apart (the blank lines between them are JSON whitespace): nothing to probe with.
    upstream.replies(Reply.events("{\"id\":\"chatcmpl-trickle\",\n\n\"object\":\"chat.completion\",\n\n"
            + "\"created\":1,\n\n\"model\":\"gpt-4o\",\n\n\"system_fingerprint\":null,\n\n\"service_tier\":null,\n\n"
            + "\"choices\":[]}")
        .header("content-type", "application/json").every(PIECES_EVERY));
    Instant hungUp;
    try (RawHttp raw = RawHttp.connect(base)) {
      HttpWire.Head head = raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + KEY), CHAT)
          .readHead();
      assertEquals(200, head.status(), head::toString);
      hungUp = Instant.now();
    }

    if (SEES_A_QUIET_HANGUP) {
      assertUpstreamStoppedSoonAfter(hungUp);
      assertEquals(goneBefore + 1, awaitClientsGone(goneBefore + 1), "the usage record says the client left");
      return;
    }
    // The bound: the second write after the hang-up fails on WildFly (the first only draws the client's reset), the
    // third on Payara (Grizzly reports a failed write at the next one); README.
    Exchange e = upstream.awaitCall(Duration.ofSeconds(2));
    Instant closed = e.awaitPeerClose(Duration.ofSeconds(25));
    assertNotNull(closed, () -> "the router read the whole answer for a client that had left; " + e);
    Duration lag = Duration.between(hungUp, closed);
    assertTrue(lag.compareTo(PIECES_EVERY.minusMillis(500)) > 0,
        () -> "closed " + lag.toMillis() + " ms after the hang-up, before any write: this server sees a quiet hang-up,"
            + " so ClientGoneIT and the README should say so");
    assertTrue(lag.compareTo(PIECES_EVERY.multipliedBy(3).plus(WANT)) < 0,
        () -> "the upstream was closed " + lag.toMillis() + " ms after the client left");
    assertEquals(goneBefore + 1, awaitClientsGone(goneBefore + 1), "the usage record says the client left");
  }

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

  /** The router has not closed the upstream connection within this time (the exchange may go on after). */
  private void assertUpstreamStillOpen(Duration during) throws InterruptedException {
    Exchange e = upstream.awaitCall(Duration.ofSeconds(2));
    Instant closed = e.awaitPeerClose(during);
    assertNull(closed, () -> "the router closed the upstream after its client left: this server sees a quiet hang-up,"
        + " so ClientGoneIT and the README should say so; " + e);
  }

  /** Requests counted as client-gone in the last day, as the admin API reports them on any server. */
  private long clientsGone() {
    Response r = AdminClient.withPassword(base, ADMIN_PASSWORD).get("usage");
    assertEquals(200, r.status(), r::toString);
    return r.json().getJsonObject("totals").getJsonNumber("clientGone").longValue();
  }

  private long awaitClientsGone(long atLeast) {
    return Poll.until(Duration.ofSeconds(10), Duration.ofMillis(200), this::clientsGone, n -> n >= atLeast);
  }
}
