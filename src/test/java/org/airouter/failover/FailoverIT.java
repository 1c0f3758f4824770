package org.airouter.failover;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.HttpWire;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Poll;
import org.airouter.testing.RawHttp;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.SseStream;
import org.airouter.testing.TimeBound;
import org.airouter.testing.UsageRows;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failover end to end: each route's targets are mock upstreams with their own fault, reached through the official
 * OpenAI Java SDK with its default retries (2), so the SDK's retries are seen not to multiply the router's. Each test
 * has its own route, so one test's target health does not steer another's.
 */
@ExtendWith(ArquillianExtension.class)
class FailoverIT {
  // The times the routes below are configured with; the timing asserts derive their bounds from them (TimeBound).
  static final long FIRST_BYTE_MS = 800;
  static final long FIRST_TOKEN_MS = 800;
  static final long KEEPALIVE_AFTER_MS = 500;
  static final long TARGET_CONNECT_MS = 300;
  static final int RETRY_AFTER_S = 7;
  static final String KEY = "ar-test-key-failover-01";
  static final String ADMIN_PASSWORD = "failover-it-admin-password";

  @RegisterExtension static MockUpstream a = MockUpstream.openAi();
  @RegisterExtension static MockUpstream b = MockUpstream.openAi();
  static UsageRows usage;
  static BlackHole blackHole;

  /**
   * An address whose connects never complete: a listening socket with a backlog of one that never accepts, its queue
   * filled, so the kernel drops every further SYN (the connect times out; nothing refuses it).
   */
  static final class BlackHole implements AutoCloseable {
    final ServerSocket server;
    final List<Socket> queued = new ArrayList<>();

    BlackHole() throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket();
        try {
          s.connect(server.getLocalSocketAddress(), 300);
          queued.add(s);
        } catch (SocketTimeoutException full) {
          s.close();
          return;
        }
      }
      throw new IllegalStateException("the accept queue never filled: no black hole on this machine");
    }

    String baseUrl() { return "http://127.0.0.1:" + server.getLocalPort() + "/v1"; }

    @Override public void close() throws IOException {
      for (Socket s : queued) s.close();
      server.close();
    }
  }

  /** A route of two targets: a (preferred), then b. */
  static String route(String name, String extra, String targetA) {
    return "{\"name\":\"" + name + "\",\"match\":\"exact\",\"pattern\":\"" + name + "\",\"targets\":["
        + "{\"name\":\"a\",\"provider\":\"openai\",\"baseUrl\":\"" + a.baseUrl() + "\",\"apiKey\":\"sk-a\",\"priority\":0"
        + targetA + "},"
        + "{\"name\":\"b\",\"provider\":\"openai\",\"baseUrl\":\"" + b.baseUrl() + "\",\"apiKey\":\"sk-b\",\"priority\":1}]"
        + extra + "}";
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings settings = RouterSettings.fresh(FailoverIT.class).config(ConfigFiles.config()
        .rawRoute(route("rate-limited", "", ""))
        .rawRoute(route("unavailable", "", ""))
        .rawRoute(route("all-down", "", ""))
        .rawRoute(route("reset", ",\"retryOnTimeout\":true", ""))
        .rawRoute(route("reset-no-timeout-retry", "", ""))
        .rawRoute(route("overloaded", "", ""))
        .rawRoute(route("after-content", "", ""))
        .rawRoute(route("hang", ",\"retryOnTimeout\":true", ",\"timeouts\":{\"firstByteMs\":" + FIRST_BYTE_MS + "}"))
        .rawRoute(route("slow-token", ",\"retryOnTimeout\":true", ",\"timeouts\":{\"firstTokenMs\":" + FIRST_TOKEN_MS + "}"))
        .rawRoute(route("stored", "", ""))
        .rawRoute(route("health-shown", "", ""))
        .rawRoute(route("sticky", ",\"sticky\":\"user\"", "").replace("\"priority\":1", "\"priority\":0"))
        .rawRoute(route("keepalive", ",\"keepaliveAfterMs\":" + KEEPALIVE_AFTER_MS, ""))
        .rawRoute(route("connect-timeout", "", ",\"timeouts\":{\"connectMs\":" + TARGET_CONNECT_MS + "}")
            .replace(a.baseUrl(), blackHole().baseUrl()))
        .clientKey(clientKey("failover", KEY)));
    String url = UsageRows.sharedH2Url(settings.dataDir());
    settings.set(RouterSettings.JDBC_URL, url).set(RouterSettings.JDBC_USER, "sa")
        .set(RouterSettings.USAGE_FLUSH_MS, 100).set(RouterSettings.CONNECT_TIMEOUT_MS, 10_000).set(RouterSettings.ADMIN_PASSWORD, ADMIN_PASSWORD).apply();
    usage = new UsageRows(url);
    return Deployments.router();
  }

  static BlackHole blackHole() {
    try {
      if (blackHole == null) blackHole = new BlackHole();
      return blackHole;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll static void closeBlackHole() throws IOException {
    if (blackHole != null) blackHole.close();
    blackHole = null;   // a rerun of a failed test runs the class again in this JVM
  }

  @ArquillianResource URL base;
  OpenAIClient openai;

  @BeforeEach void connect() {
    // The SDK's default retries (2) stay on: the router's x-should-retry: false must stop them.
    openai = OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey(KEY).timeout(Duration.ofSeconds(30)).build();
  }

  @AfterEach void disconnect() { openai.close(); }

  static ChatCompletionCreateParams chat(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").build();
  }

  HttpResponseFor<ChatCompletion> call(String model) {
    return openai.chat().completions().withRawResponse().create(chat(model));
  }

  String streamed(String model) {
    try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(chat(model))) {
      return stream.stream().flatMap(chunk -> chunk.choices().stream())
          .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
    }
  }

  static String header(Headers headers, String name) { return headers.values(name).isEmpty() ? null : headers.values(name).get(0); }

  Map<String, Object> usageOf(String requestId) {
    List<Map<String, Object>> rows = Poll.until(Duration.ofSeconds(10),
        () -> usage.query("select * from usage_record where request_id = '" + requestId + "'"), found -> !found.isEmpty());
    if (rows.isEmpty()) throw new AssertionError("no usage record for " + requestId);
    return rows.get(0);
  }

  @Test void a429WithRetryAfterGoesToTheNextTargetAtOnce() throws Exception {
    a.always(Reply.error(429, "rate_limit_error", "rate_limit_exceeded", "Slow down").header("retry-after", String.valueOf(RETRY_AFTER_S)));
    b.always(Reply.chat("Hello from b"));

    long start = System.nanoTime();
    HttpResponseFor<ChatCompletion> response = call("rate-limited");

    assertEquals("Hello from b", response.parse().choices().get(0).message().content().orElseThrow());
    // Waiting out the retry-after would take its 7 s: anything shorter shows the switch did not wait.
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(RETRY_AFTER_S).toNanos(), "no wait when switching target");
    assertEquals("rate-limited", header(response.headers(), "x-airouter-route"));
    assertEquals("b", header(response.headers(), "x-airouter-target"));
    assertEquals("2", header(response.headers(), "x-airouter-attempts"));
    assertEquals(1, a.calls().size());
    assertEquals(1, b.calls().size());
    assertEquals("sk-b", b.lastRequest().bearer(), "each target's own key");
    Map<String, Object> row = usageOf(header(response.headers(), "x-request-id"));
    assertEquals("b", row.get("TARGET") != null ? row.get("TARGET") : row.get("target"));
    Object attempts = row.get("ATTEMPTS") != null ? row.get("ATTEMPTS") : row.get("attempts");
    assertEquals(2, ((Number) attempts).intValue());
    assertEquals(200, ((Number) (row.get("STATUS") != null ? row.get("STATUS") : row.get("status"))).intValue());
  }

  @Test void a503GoesToTheNextTarget() {
    a.always(Reply.error(503, "server_error", null, "Unavailable"));
    b.always(Reply.chat("Hello from b"));

    HttpResponseFor<ChatCompletion> response = call("unavailable");

    assertEquals("b", header(response.headers(), "x-airouter-target"));
    assertEquals(1, a.calls().size());
    assertEquals(1, b.calls().size());
  }

  @Test void whenEveryAttemptFailsTheClientIsToldNotToRetryAndTheSdkDoesNot() {
    a.always(Reply.error(503, "server_error", null, "Unavailable"));
    b.always(Reply.error(503, "server_error", null, "Unavailable"));

    OpenAIServiceException e = assertThrows(OpenAIServiceException.class, () -> call("all-down"));

    assertEquals(503, e.statusCode());
    assertEquals("false", header(e.headers(), "x-should-retry"));
    assertTrue(header(e.headers(), "retry-after").matches("[1-9][0-9]*"), header(e.headers(), "retry-after"));
    assertEquals("3", header(e.headers(), "x-airouter-attempts"));
    assertEquals(3, a.calls().size() + b.calls().size(), "maxAttempts 3, and no SDK retry on top");
    assertTrue(a.calls().size() >= 1 && b.calls().size() >= 1, "both targets tried");
  }

  @Test void aResetBeforeTheHeadGoesToTheNextTargetWithRetryOnTimeout() {
    a.always(Reply.reset());
    b.always(Reply.chat("Hello from b"));

    HttpResponseFor<ChatCompletion> response = call("reset");

    assertEquals("b", header(response.headers(), "x-airouter-target"));
    assertEquals(1, a.calls().size());
  }

  @Test void aResetAfterTheRequestWasSentIsNotRetriedWithoutRetryOnTimeout() throws Exception {
    a.always(Reply.reset());
    b.always(Reply.chat("Hello from b"));

    Response r = RouterClient.at(base).bearer(KEY).postJson("v1/chat/completions",
        "{\"model\":\"reset-no-timeout-retry\",\"messages\":[]}");

    assertEquals(502, r.status(), r::text);
    assertEquals(1, a.calls().size());
    assertEquals(0, b.calls().size(), "the upstream may have done (and billed) the work");
  }

  @Test void aStreamOpenedThenOverloadedBeforeContentGoesToTheNextTargetAsOneCleanStream() {
    a.always(Reply.sse("{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
        "{\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\"}}"));
    b.always(Reply.stream("Hel", "lo", " from b").every(Duration.ofMillis(20)));

    assertEquals("Hello from b", streamed("overloaded"));
    assertEquals(1, a.calls().size());
    assertEquals(1, b.calls().size());
  }

  @Test void anErrorAfterContentEndsTheStreamAndIsNeverRetried() {
    a.always(Reply.stream("Hel", "lo", " there", " friend").every(Duration.ofMillis(20)).resetAfter(2));
    b.always(Reply.stream("never"));

    StringBuilder got = new StringBuilder();
    assertThrows(RuntimeException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(chat("after-content"))) {
        stream.stream().flatMap(chunk -> chunk.choices().stream())
            .forEach(choice -> got.append(choice.delta().content().orElse("")));
      }
    });
    assertTrue(got.toString().startsWith("Hel"), got::toString);
    assertEquals(1, a.calls().size());
    assertEquals(0, b.calls().size());
  }

  @Test void aHangingTargetTimesOutAtItsFirstByteTimeoutAndTheNextAnswers() {
    a.always(Reply.hang());
    b.always(Reply.chat("Hello from b"));

    long start = System.nanoTime();
    HttpResponseFor<ChatCompletion> response = call("hang");

    assertEquals("b", header(response.headers(), "x-airouter-target"));
    // a hangs for ever: anything within the first-byte timeout's bound shows the timeout ended it.
    assertTrue(System.nanoTime() - start < TimeBound.ofMillis(FIRST_BYTE_MS).toNanos());
    assertEquals(1, a.calls().size());
  }

  @Test void aSlowFirstTokenIsCancelledAtTheFirstTokenTimeoutAndTheNextTargetStreams() {
    // a's first token comes a second after the bound: within the bound, only the first-token timeout can have ended a.
    Duration bound = TimeBound.ofMillis(FIRST_TOKEN_MS);
    a.always(Reply.stream("late").firstAfter(bound.plusSeconds(1)));
    b.always(Reply.stream("Hel", "lo"));

    long start = System.nanoTime();
    assertEquals("Hello", streamed("slow-token"));
    assertTrue(System.nanoTime() - start < bound.toNanos());
    assertEquals(1, a.calls().size());
    assertEquals(1, b.calls().size());
  }

  @Test void aHeldStreamWithoutContentGetsItsHeadAtTheKeepalivePointAndThenItsContent() throws Exception {
    // The first token comes a second after the keepalive point's bound: a head within the bound came before it.
    Duration bound = TimeBound.ofMillis(KEEPALIVE_AFTER_MS);
    a.always(Reply.stream("late").firstAfter(bound.plusSeconds(1)));
    b.always(Reply.stream("never"));

    try (RawHttp raw = RawHttp.connect(base)) {
      long start = System.nanoTime();
      HttpWire.Head head = raw.postJson("/v1/chat/completions", org.airouter.testing.Headers.of("Authorization",
          "Bearer " + KEY), "{\"model\":\"keepalive\",\"stream\":true,\"messages\":[]}").readHead();
      assertEquals(200, head.status(), head::toString);
      assertTrue(System.nanoTime() - start < bound.toNanos(), "the head before the first token");
      List<SseStream.Frame> frames = raw.readFramesUntil(head, f -> f.data().contains("late"));
      assertTrue(frames.stream().anyMatch(f -> f.data().contains("late")));
    }
    assertEquals(1, a.calls().size());
    assertEquals(0, b.calls().size());
  }

  @Test void aTargetsOwnConnectTimeoutWinsOverTheGlobalOne() {
    b.always(Reply.chat("Hello from b"));

    long start = System.nanoTime();
    HttpResponseFor<ChatCompletion> response = call("connect-timeout");

    // Target a's address never completes a connect: its connectMs (TARGET_CONNECT_MS) ends the attempt, not the global 10 s.
    assertEquals("b", header(response.headers(), "x-airouter-target"));
    assertEquals("2", header(response.headers(), "x-airouter-attempts"), "a connect timeout sent nothing: retried");
    long took = System.nanoTime() - start;
    // The target's connect timeout's bound: far below the global 10 s a missing per-target timeout would take.
    assertTrue(took < TimeBound.ofMillis(TARGET_CONNECT_MS).toNanos(), "took " + took / 1_000_000 + " ms");
    assertEquals(1, b.calls().size());
  }

  @Test void aBadKeyOpensItsTargetWhichTheAdminApiAndMetricsShow() {
    a.always(Reply.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided"));
    b.always(Reply.chat("Hello from b"));

    assertEquals("b", header(call("health-shown").headers(), "x-airouter-target"));

    String listed = AdminClient.withPassword(base, ADMIN_PASSWORD).get("routes").text();
    JsonObject route = Json.createReader(new StringReader(listed)).readArray().stream().map(JsonValue::asJsonObject)
        .filter(r -> r.getString("name").equals("health-shown")).findFirst().orElseThrow();
    JsonObject health = route.getJsonArray("targets").getJsonObject(0).getJsonObject("health");
    assertEquals("auth_failed", health.getString("state"), health::toString);
    assertEquals(401, health.getInt("lastErrorStatus"));
    assertTrue(!health.isNull("reopensAt"), health::toString);
    assertEquals("closed", route.getJsonArray("targets").getJsonObject(1).getJsonObject("health").getString("state"));

    String metrics = RouterClient.at(base).get("metrics").text();
    assertTrue(metrics.contains("airouter_upstream_attempts_total{outcome=\"rejected\",route=\"health-shown\",target=\"a\"} 1.0"),
        metrics);
    assertTrue(metrics.contains("airouter_target_available{route=\"health-shown\",state=\"auth_failed\",target=\"a\"} 0.0"),
        metrics);
  }

  @Test void stickyUserKeepsOneUserOnOneTargetOfATier() {
    a.always(Reply.chat("from a"));
    b.always(Reply.chat("from b"));
    for (String user : List.of("alice", "bob")) {
      Set<String> targets = new HashSet<>();
      for (int i = 0; i < 10; i++) {
        Response r = RouterClient.at(base).bearer(KEY).postJson("v1/chat/completions",
            "{\"model\":\"sticky\",\"user\":\"" + user + "\",\"messages\":[]}");
        assertEquals(200, r.status(), r::text);
        targets.add(r.header("x-airouter-target"));
      }
      assertEquals(1, targets.size(), () -> user + " went to " + targets);
    }
    assertEquals(20, a.calls().size() + b.calls().size());
  }

  @Test void aRequestThatIsNotReplayableIsSentOnce() {
    a.always(Reply.error(503, "server_error", null, "Unavailable"));
    b.always(Reply.json("{\"id\":\"resp_1\",\"object\":\"response\"}"));

    // The Responses API stores responses by default: a second call would be a second stored response.
    Response r = RouterClient.at(base).bearer(KEY).postJson("v1/responses", "{\"model\":\"stored\",\"input\":\"hi\"}");

    assertEquals(503, r.status(), r::text);
    assertEquals(1, a.calls().size());
    assertEquals(0, b.calls().size());
  }
}
