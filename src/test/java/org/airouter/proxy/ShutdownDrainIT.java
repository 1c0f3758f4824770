package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.Poll;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.SseStream;
import org.airouter.testing.UsageRows;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stopping the router while streams are open: a stream that ends within the shutdown grace ends as usual, one that
 * would not ends at the grace with an error frame (not a cut connection), a request waiting between two attempts
 * (a same-target retry-after) is waited for and then answered with a 503, and every usage record is written.
 */
@ExtendWith(ArquillianExtension.class)
class ShutdownDrainIT {
  static final String ROUTER = "router";
  static final String KEY = "ar-test-key-shutdown-drain-1";
  static final Duration GRACE = Duration.ofSeconds(4);
  static final String STREAM_CHAT = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(name = ROUTER, managed = false, testable = false)
  static WebArchive deployment() { return Deployments.router(); }

  @ArquillianResource Deployer deployer;

  // Before TomcatContextStop, the drain began in ProxyServlet.destroy(): by then Tomcat had marked the context
  // unavailable and timed out the open asynchronous requests, and the stream that fits the grace was cut.
  @Test void openStreamsFinishWithinTheGraceOrEndWithAnErrorFrameAndEveryRecordIsWritten() throws Exception {
    RouterSettings settings = RouterSettings.fresh(ShutdownDrainIT.class).config(ConfigFiles.config()
        .route(route("gpt", "glob", "gpt-*").at(upstream))
        .route(route("waiting", "exact", "waiting-model").at(upstream))
        .clientKey(clientKey("team-a", KEY)));
    String url = UsageRows.sharedH2Url(settings.dataDir());
    // No usage written before the shutdown: what is there afterwards, the shutdown wrote.
    settings.set(RouterSettings.JDBC_URL, url).set(RouterSettings.JDBC_USER, "sa")
        .set(RouterSettings.USAGE_FLUSH_MS, 600_000).set(RouterSettings.SHUTDOWN_GRACE_MS, GRACE.toMillis()).apply();
    upstream.replies(
        // Seven frames (role, three pieces, stop, usage, [DONE]) 300 ms apart: 1.8 s, well within the grace.
        Reply.stream("a", "b", "c").every(Duration.ofMillis(300)).when(r -> r.text().contains("short")),
        // One target, so its retry is the same target after its retry-after: 30 s, far beyond the grace.
        Reply.error(503, "server_error", null, "Busy").header("retry-after", "30")
            .when(r -> r.text().contains("waiting-model")),
        Reply.stream("tick ".repeat(100).split("(?<= )")).every(Duration.ofMillis(500)));   // 50 s: beyond the grace

    deployer.deploy(ROUTER);
    RouterClient client = RouterClient.at(Deployments.baseUrl()).bearer(KEY);
    CompletableFuture<SseStream> shortOne = CompletableFuture.supplyAsync(() ->
        client.stream("v1/chat/completions", STREAM_CHAT.replace("hi", "short")));
    CompletableFuture<SseStream> longOne = CompletableFuture.supplyAsync(() ->
        client.stream("v1/chat/completions", STREAM_CHAT));
    CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() ->
        client.postJson("v1/chat/completions", "{\"model\":\"waiting-model\",\"messages\":[]}"));
    upstream.awaitRequests(3, Duration.ofSeconds(10));
    long underWay = Poll.until(Duration.ofSeconds(10), () -> upstream.exchanges().stream()
        .filter(e -> e.firstFrameSentAt() != null).count(), n -> n >= 2);
    assertEquals(2, underWay, "both answers under way");

    long stopping = System.nanoTime();
    deployer.undeploy(ROUTER);   // returns when the drain is over: the undeploy waits for it
    Duration stopTook = Duration.ofNanos(System.nanoTime() - stopping);

    SseStream done = shortOne.get(10, TimeUnit.SECONDS);
    assertEquals(200, done.status(), done::toString);
    assertNull(done.brokenOff(), "the stream that fits the grace ends as usual");
    assertEquals("abc", done.joinedContent());
    assertTrue(done.lastFrame().isDone(), () -> "last frame: " + done.lastFrame());

    SseStream cut = longOne.get(10, TimeUnit.SECONDS);
    assertEquals(200, cut.status(), cut::toString);
    assertNull(cut.brokenOff(), "the stream beyond the grace is ended properly, not cut");
    List<SseStream.Frame> frames = cut.frames().stream().filter(f -> !f.isDone()).toList();
    JsonObject error = OpenAiErrors.shape(frames.get(frames.size() - 1).json(), "last frame");
    assertEquals("server_shutting_down", error.getString("code"));
    assertTrue(cut.joinedContent().startsWith("tick tick"), "it streamed until the grace ran out");
    assertTrue(stopTook.compareTo(GRACE) >= 0 && stopTook.compareTo(GRACE.plusSeconds(10)) < 0,
        () -> "the stop took " + stopTook.toMillis() + " ms for a grace of " + GRACE.toMillis());

    Response waited = waiting.get(10, TimeUnit.SECONDS);
    assertEquals("server_shutting_down", OpenAiErrors.expect(waited, 503).getString("code"),
        "the request waiting for its next attempt is answered, not dropped");
    assertEquals("1", waited.header("retry-after"));

    List<Map<String, Object>> records = new UsageRows(url).records();
    assertEquals(3, records.size(), () -> "usage records written at shutdown: " + records);
    assertTrue(records.stream().anyMatch(r -> "server_shutting_down".equals(errorCode(r))),
        () -> "the cut stream is counted with its error: " + records);
    assertTrue(records.stream().anyMatch(r -> errorCode(r) == null), () -> "the finished one is not: " + records);
  }

  private static String errorCode(Map<String, Object> row) {
    for (var e : row.entrySet()) if (e.getKey().equalsIgnoreCase("error_code")) return (String) e.getValue();
    throw new AssertionError("no error_code column in " + row.keySet());
  }
}
