package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Exchange;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.RawHttp;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.SseStream;
import org.airouter.testing.TimeBound;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streaming chat: frames reach the client as the upstream sends them, a client that leaves stops the upstream, and
 * upstream failures become 502/504 before the first byte or a final error frame after it. Short timeouts keep the
 * failure cases fast.
 */
@ExtendWith(ArquillianExtension.class)
class StreamingIT {
  static final String KEY = "ar-test-key-streaming-0001";
  static final String STREAM_CHAT = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final Duration FIRST_BYTE_TIMEOUT = Duration.ofMillis(1500);
  static final Duration IDLE_TIMEOUT = Duration.ofMillis(2000);

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(StreamingIT.class)
        .config(ConfigFiles.config()
            .route(route("gpt-4o-mini", "exact", "gpt-4o-mini").at(upstream))
            .route(route("nobody-home", "exact", "nobody-home").baseUrl("http://127.0.0.1:" + closedPort() + "/v1"))
            .clientKey(clientKey("team-a", KEY)))
        .set(RouterSettings.CONNECT_TIMEOUT_MS, 1000)
        .set(RouterSettings.FIRST_BYTE_TIMEOUT_MS, FIRST_BYTE_TIMEOUT.toMillis())
        .set(RouterSettings.IDLE_TIMEOUT_MS, IDLE_TIMEOUT.toMillis())
        .set(RouterSettings.BODY_MEMORY_BYTES, 64 * 1024)
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  RouterClient client() { return RouterClient.at(base).bearer(KEY); }

  @Test void streamRelaysEveryChunkAndEndsWithDone() {
    SseStream s = client().stream("v1/chat/completions", STREAM_CHAT);

    assertEquals(200, s.status(), s::toString);
    assertTrue(s.isEventStream(), () -> "content-type " + s.header("content-type"));
    assertNull(s.brokenOff());
    assertEquals("Hello from mock", s.joinedContent());
    assertTrue(s.lastFrame().isDone(), () -> "last frame: " + s.lastFrame());
    assertTrue(s.frames().stream().map(SseStream.Frame::json)
            .anyMatch(j -> j != null && j.containsKey("usage") && !j.isNull("usage")),
        "the usage chunk reaches the client");
    assertTrue(upstream.onlyCall().wantsStream());
  }

  @Test void firstChunkArrivesLongBeforeTheUpstreamSendsTheLast() throws Exception {
    upstream.replies(Reply.stream("one", " two", " three", " four", " five", " six", " seven", " eight", " nine", " ten")
        .every(Duration.ofMillis(200)));

    SseStream s = client().stream("v1/chat/completions", STREAM_CHAT);

    assertEquals(200, s.status(), s::toString);
    assertEquals("one two three four five six seven eight nine ten", s.joinedContent());
    Exchange e = upstream.lastExchange();
    Duration heldEarly = Duration.between(s.firstFrameAt(), e.lastFrameSentAt());
    assertTrue(heldEarly.toMillis() > 1500, () -> "the client got its first frame only " + heldEarly.toMillis()
        + " ms before the upstream sent the last (13 frames × 200 ms apart): the stream is buffered");
    Duration spread = Duration.between(s.firstFrameAt(), s.lastFrame().at());
    assertTrue(spread.toMillis() > 1500, () -> "frames arrived within " + spread.toMillis() + " ms of each other");
  }

  @Test void clientThatHangsUpClosesTheUpstreamConnectionWithinASecond() throws Exception {
    Duration every = Duration.ofMillis(200);
    upstream.replies(Reply.stream("tick ".repeat(60).split("(?<= )")).every(every));   // about 12 s
    Instant hungUp;
    try (RawHttp raw = RawHttp.connect(base)) {
      HttpWire.Head head = raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + KEY), STREAM_CHAT).readHead();
      assertEquals(200, head.status(), head::toString);
      List<SseStream.Frame> frames = raw.readFramesUntil(head, f -> f.data().contains("tick"));
      assertFalse(frames.isEmpty());
      hungUp = Instant.now();
      raw.reset();
    }

    Exchange e = upstream.awaitCall(Duration.ofSeconds(1));
    Instant closed = e.awaitPeerClose(Duration.ofSeconds(5));
    assertNotNull(closed, () -> "the router kept the upstream stream open after the client left; " + e);
    Duration lag = Duration.between(hungUp, closed);
    // The router notices at its next write, one frame interval on: that interval's bound, far below the 12 s stream.
    assertTrue(lag.compareTo(TimeBound.of(every)) < 0,
        () -> "upstream closed " + lag.toMillis() + " ms after the client left (want ~1 s)");
    assertTrue(e.frameSentAt().size() < 20, "the upstream stopped long before its end");
  }

  @Test void upstreamResetBeforeFirstByteIs502ServerError() {
    upstream.always(Reply.reset());   // always: even a router that retries sees only failures

    SseStream s = client().stream("v1/chat/completions", STREAM_CHAT);

    JsonObject error = OpenAiErrors.expect(asResponse(s), 502);
    assertEquals("server_error", error.getString("type"));
  }

  @Test void unreachableUpstreamIs502ServerError() {
    Response r = client().postJson("v1/chat/completions", "{\"model\":\"nobody-home\",\"messages\":[]}");

    JsonObject error = OpenAiErrors.expect(r, 502);
    assertEquals("server_error", error.getString("type"));
  }

  @Test void silentUpstreamIs504AfterTheFirstByteTimeout() {
    upstream.always(Reply.hang());

    Response r = client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}");

    OpenAiErrors.expect(r, 504);
    assertTrue(r.elapsed().compareTo(FIRST_BYTE_TIMEOUT.minusMillis(100)) >= 0, () -> "gave up after " + r.elapsed());
    // The upstream hangs for ever: within the first-byte timeout's bound, the timeout ended it.
    assertTrue(r.elapsed().compareTo(TimeBound.of(FIRST_BYTE_TIMEOUT)) < 0, () -> "gave up only after " + r.elapsed());
  }

  @Test void upstreamResetMidStreamEndsTheStreamWithAnErrorFrame() {
    upstream.always(Reply.stream("Hel", "lo", " world").every(Duration.ofMillis(50)).resetAfter(3));   // role, "Hel", "lo"

    SseStream s = client().stream("v1/chat/completions", STREAM_CHAT);

    assertEquals(200, s.status(), s::toString);
    assertEquals("Hello", s.joinedContent());
    assertNull(s.brokenOff(), "the router ends the client's stream properly instead of cutting it");
    List<SseStream.Frame> frames = s.frames().stream().filter(f -> !f.isDone()).toList();
    SseStream.Frame last = frames.get(frames.size() - 1);
    OpenAiErrors.shape(last.json(), "last frame: " + last.data());
  }

  @Test void silenceMidStreamEndsTheStreamWithATimeoutErrorFrame() throws Exception {
    upstream.replies(Reply.stream("Hel", "lo").every(IDLE_TIMEOUT.plusSeconds(2)));

    SseStream s = client().stream("v1/chat/completions", STREAM_CHAT);

    assertEquals(200, s.status(), s::toString);
    assertNull(s.brokenOff(), "the router ends the client's stream properly instead of cutting it");
    List<SseStream.Frame> frames = s.frames().stream().filter(f -> !f.isDone()).toList();
    JsonObject error = OpenAiErrors.shape(frames.get(frames.size() - 1).json(), "last frame");
    assertEquals("upstream_timeout", error.getString("code"));
    Exchange e = upstream.lastExchange();
    assertNotNull(e.awaitPeerClose(Duration.ofSeconds(3)), () -> "the silent upstream was let go: " + upstream.exchanges());
  }

  @Test void aClientThatStopsReadingPausesTheUpstreamInsteadOfBufferingItsAnswer() throws Exception {
    // About 110 MB of frames, as fast as the sockets take them: far more than the kernel's socket buffers on both
    // hops can hold (they grow to about 20 MB on loopback), so a router that did not push back would pass it all.
    String[] pieces = new String[100_001];
    Arrays.fill(pieces, "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
        + "{\"content\":\"" + "x".repeat(1000) + "\"}}]}");
    pieces[pieces.length - 1] = "[DONE]";
    upstream.replies(Reply.sse(pieces));
    try (RawHttp raw = RawHttp.connect(base)) {
      raw.timeout(Duration.ofSeconds(30));
      HttpWire.Head head = raw.postJson("/v1/chat/completions", Headers.of("Authorization", "Bearer " + KEY), STREAM_CHAT).readHead();
      assertEquals(200, head.status(), head::toString);
      Exchange e = upstream.awaitCall(Duration.ofSeconds(2));

      Thread.sleep(2000);   // the client reads nothing
      int sentWhileStalled = e.frameSentAt().size();
      List<SseStream.Frame> frames = raw.readFramesUntil(head, SseStream.Frame::isDone);

      assertTrue(sentWhileStalled < pieces.length / 2, () -> "the upstream sent " + sentWhileStalled + " of "
          + pieces.length + " frames to a client that read nothing: the router buffered instead of pushing back");
      SseStream.Frame last = frames.get(frames.size() - 1);
      assertTrue(last.isDone(), () -> "after the pause everything arrives; got " + frames.size() + " frames, the last "
          + last.data().substring(0, Math.min(200, last.data().length())) + "; sent while stalled " + sentWhileStalled);
      long content = frames.stream().filter(f -> f.data().contains("\"content\":\"xxx")).count();
      assertEquals(pieces.length - 1, content);
    }
  }

  @Test void largeUploadIsSpooledAndForwardedByteForByte() {
    upstream.replies(Reply.json(200, "{\"text\":\"ok\"}"));
    String boundary = "----airouter-spool-test";
    byte[] audio = new byte[5 * 1024 * 1024];
    new Random(7).nextBytes(audio);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
        + "Content-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    body.writeBytes(audio);
    body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o-mini\r\n--"
        + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));

    Response r = client().send("POST", "v1/audio/transcriptions", "multipart/form-data; boundary=" + boundary,
        body.toByteArray());

    assertEquals(200, r.status(), r::toString);
    Assertions.assertArrayEquals(body.toByteArray(), upstream.onlyCall().body(),
        "the 5 MB upload (over the 64 KiB memory budget) reaches the upstream unchanged");
  }

  /** A whole-body view of a streamed request that was answered without SSE. */
  private static Response asResponse(SseStream s) {
    return new Response(s.status(), s.headers(), s.body().getBytes(StandardCharsets.UTF_8), Duration.ZERO);
  }

  /** A port nothing listens on (bound, then released). */
  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
