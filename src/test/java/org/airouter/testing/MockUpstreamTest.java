package org.airouter.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mock upstream, exercised with java.net.http and raw sockets, so the harness is trusted before the ITs use it. */
class MockUpstreamTest {
  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  private static URL origin() throws Exception {
    return new URL(upstream.origin() + "/");
  }

  private static RouterClient client() throws Exception {
    return RouterClient.at(origin()).bearer("sk-provider");
  }

  @Test void answersChatLikeOpenAiAndRecordsTheRequest() throws Exception {
    Response r = client().header("X-Extra", "yes").postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");

    assertEquals(200, r.status());
    assertEquals("application/json", r.header("content-type"));
    JsonObject body = r.json();
    assertEquals("gpt-4o", body.getString("model"));
    assertEquals("Hello from mock", body.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"));
    RecordedRequest got = upstream.onlyCall();
    assertEquals("POST", got.method());
    assertEquals("/v1/chat/completions", got.path());
    assertEquals("sk-provider", got.bearer());
    assertEquals("yes", got.header("x-extra"));
    assertEquals("gpt-4o", got.model());
  }

  /** Failsafe runs a failed test again in the same JVM: the class's static mock, closed after the first run, is reused. */
  @Test void listensAgainOnItsOldPortWhenItsClassRunsAgain() throws Exception {
    try (MockUpstream mock = MockUpstream.openAi()) {
      String origin = mock.origin();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest models = HttpRequest.newBuilder(URI.create(origin + "/v1/models")).build();
      assertEquals(200, http.send(models, HttpResponse.BodyHandlers.discarding()).statusCode());

      mock.afterAll(null);
      assertThrows(IOException.class, () -> http.send(models, HttpResponse.BodyHandlers.discarding()));

      mock.beforeAll(null);
      assertEquals(origin, mock.origin());
      assertEquals(200, http.send(models, HttpResponse.BodyHandlers.discarding()).statusCode());
    }
  }

  @Test void keepsConnectionsAlive() throws Exception {
    RouterClient c = client();
    c.get("v1/files?limit=1");
    c.get("v1/files?limit=2");
    List<RecordedRequest> all = upstream.requests();
    assertEquals(2, all.size());
    assertEquals(all.get(0).connection(), all.get(1).connection(), "the second request should reuse the connection");
    assertEquals("limit=2", all.get(1).query());
    assertEquals("/v1/files", all.get(1).path());
  }

  @Test void readsChunkedRequestBodies() throws Exception {
    byte[] part1 = "{\"model\":\"text-embedding-3-small\",".getBytes(StandardCharsets.UTF_8);
    byte[] part2 = "\"input\":\"hi\",\"encoding_format\":\"base64\"}".getBytes(StandardCharsets.UTF_8);
    // A publisher of unknown length makes java.net.http send Transfer-Encoding: chunked.
    HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.fromPublisher(subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
      int sent;
      @Override public void request(long n) {
        if (sent == 0) { sent++; subscriber.onNext(ByteBuffer.wrap(part1)); }
        if (sent == 1) { sent++; subscriber.onNext(ByteBuffer.wrap(part2)); subscriber.onComplete(); }
      }
      @Override public void cancel() { }
    }));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/embeddings")).POST(chunked).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, r.statusCode());
    RecordedRequest got = upstream.onlyCall();
    assertEquals("chunked", got.header("transfer-encoding"));
    assertEquals(new String(part1, StandardCharsets.UTF_8) + new String(part2, StandardCharsets.UTF_8), got.text());
    String b64 = Json.createReader(new StringReader(r.body())).readObject()
        .getJsonArray("data").getJsonObject(0).getString("embedding");
    assertEquals(Reply.EMBEDDING_BASE64, b64);
    ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(Reply.EMBEDDING[1], floats.getFloat(4));
  }

  @Test void queuedRepliesComeFirstThenTheDefaultAndModelListsStayAside() throws Exception {
    upstream.replies(Reply.error(429, "requests", "rate_limit_exceeded", "slow down").header("retry-after", "7"));
    upstream.models("a-model", "b-model");

    Response models = client().get("v1/models");
    Response limited = client().postJson("v1/chat/completions", "{\"model\":\"x\"}");
    Response normal = client().postJson("v1/chat/completions", "{\"model\":\"x\"}");

    assertEquals(List.of("a-model", "b-model"), models.json().getJsonArray("data").stream()
        .map(v -> v.asJsonObject().getString("id")).toList());
    assertEquals(429, limited.status());
    assertEquals("7", limited.header("retry-after"));
    assertEquals("rate_limit_exceeded", limited.json().getJsonObject("error").getString("code"));
    assertEquals(200, normal.status());
    assertEquals(2, upstream.calls().size());
  }

  @Test void alwaysReplacesTheDefaultUntilReset() throws Exception {
    upstream.always(Reply.json(503, "{\"error\":{\"message\":\"down\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
    assertEquals(503, client().postJson("v1/chat/completions", "{}").status());
    assertEquals(503, client().postJson("v1/chat/completions", "{}").status());
    upstream.reset();
    assertEquals(200, client().postJson("v1/chat/completions", "{}").status());
  }

  @Test void streamsFramesOneByOneWithTiming() throws Exception {
    upstream.replies(Reply.stream("Hel", "lo").firstAfter(Duration.ofMillis(100)).every(Duration.ofMillis(150)));

    SseStream s = client().stream("v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true}");

    assertEquals(200, s.status());
    assertTrue(s.isEventStream());
    assertNull(s.brokenOff());
    assertEquals("Hello", s.joinedContent());
    assertTrue(s.lastFrame().isDone());
    assertEquals(6, s.frames().size(), "role, 2 content, finish, usage, [DONE]");
    JsonObject usage = s.frames().get(4).json();
    assertEquals(0, usage.getJsonArray("choices").size());
    assertEquals(2, usage.getJsonObject("usage").getInt("completion_tokens"));
    Exchange e = upstream.lastExchange();
    assertEquals(6, e.frameSentAt().size());
    // The client held the first frame long before the mock sent the last one (5 intervals of 150 ms later).
    assertTrue(Duration.between(s.firstFrameAt(), e.lastFrameSentAt()).toMillis() > 500,
        () -> "first frame at " + s.firstFrameAt() + ", last sent at " + e.lastFrameSentAt());
    assertTrue(Duration.between(e.headSentAt(), e.firstFrameSentAt()).toMillis() >= 90);
  }

  @Test void noticesWhenTheClientHangsUpMidStream() throws Exception {
    Duration every = Duration.ofMillis(200);
    upstream.replies(Reply.stream("a", "b", "c", "d", "e", "f", "g", "h", "i", "j").every(every));
    Instant hungUp;
    try (RawHttp raw = RawHttp.connect(origin())) {
      HttpWire.Head head = raw.postJson("/v1/chat/completions", Headers.of(), "{\"model\":\"m\",\"stream\":true}").readHead();
      assertEquals(200, head.status());
      List<SseStream.Frame> frames = raw.readFramesUntil(head, f -> true);
      assertEquals(1, frames.size());
      hungUp = Instant.now();
    }
    Exchange e = upstream.lastExchange();
    // The mock notices at its next write, one frame interval on; the bound of that interval, below the 2 s stream.
    Instant closed = e.awaitPeerClose(TimeBound.of(every));
    assertNotNull(closed, "mock should notice the hang-up");
    assertTrue(Duration.between(hungUp, closed).compareTo(TimeBound.of(every)) < 0,
        () -> "noticed after " + Duration.between(hungUp, closed));
    assertTrue(e.frameSentAt().size() < 10);
  }

  @Test void resetsMidStream() throws Exception {
    upstream.replies(Reply.stream("a", "b", "c").every(Duration.ofMillis(50)).resetAfter(2));   // an RST right behind data may drop it
    SseStream s = client().stream("v1/chat/completions", "{\"model\":\"m\",\"stream\":true}");
    assertEquals(2, s.frames().size());
    assertNotNull(s.brokenOff(), "the client should see the connection break");
    assertTrue(upstream.lastExchange().resetByUs());
  }

  @Test void resetsBeforeTheFirstByte() throws Exception {
    upstream.replies(Reply.reset());
    assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/chat/completions"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
  }

  @Test void hangsUntilThePeerLeaves() throws Exception {
    upstream.replies(Reply.hang());
    Instant left;
    try (RawHttp raw = RawHttp.connect(origin())) {
      raw.postJson("/v1/chat/completions", Headers.of(), "{}");
      raw.timeout(Duration.ofMillis(500));
      assertThrows(SocketTimeoutException.class, raw::readHead);
      left = Instant.now();
    }
    Instant closed = upstream.lastExchange().awaitPeerClose(Duration.ofSeconds(2));
    assertNotNull(closed);
    assertTrue(Duration.between(left, closed).toMillis() < 1000);
  }

  @Test void echoesOtherPathsAndKeepsBodiesByteExact() throws Exception {
    byte[] multipart = ("--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
        + "RIFF\u0000\u0001\u00ff\r\n--XyZ--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    Response r = client().send("POST", "v1/audio/transcriptions", "multipart/form-data; boundary=XyZ", multipart);

    assertEquals(200, r.status());
    assertEquals("mock.echo", r.json().getString("object"));
    assertArrayEquals(multipart, upstream.onlyCall().body());
    Response deleted = client().send("DELETE", "v1/files/file-1", null, null);
    assertEquals("DELETE", deleted.json().getString("method"));
  }

  @Test void rawClientSendsHeadersVerbatim() throws Exception {
    try (RawHttp raw = RawHttp.connect(origin())) {
      HttpWire.Head head = raw.send("GET", "/v1/models", Headers.of("Connection", "keep-alive, X-Hop", "X-Hop", "1", "TE", "trailers"), null).readHead();
      assertEquals(200, head.status());
      try (InputStream body = raw.body(head)) {
        assertTrue(new String(body.readAllBytes(), StandardCharsets.UTF_8).contains("\"object\":\"list\""));
      }
    }
    RecordedRequest got = upstream.lastRequest();
    assertEquals("keep-alive, X-Hop", got.header("connection"));
    assertEquals("trailers", got.header("te"));
  }
}
