package org.airouter.observability;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each proxied request writes one JSON line to the logger airouter.access: its facts, never a key or a body. */
@ExtendWith(ArquillianExtension.class)
class AccessLogIT {
  static final String KEY = "ar-test-key-access-log-0001";
  static final String SECRET_WORDS = "the-prompt-text-that-must-stay-private";
  static final Lines lines = new Lines();

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(AccessLogIT.class).config(ConfigFiles.config()
        .route(route("gpt", "glob", "gpt-*").at(upstream).upstreamModel("gpt-4o-2024-08-06"))
        .clientKey(clientKey("ci-bot", KEY))).apply();
    return Deployments.router();
  }

  /** The embedded Tomcat shares this JVM's java.util.logging: a root handler sees the router's lines. */
  @BeforeAll static void listen() { Logger.getLogger("").addHandler(lines); }

  @AfterAll static void stopListening() { Logger.getLogger("").removeHandler(lines); }

  @ArquillianResource URL base;

  RouterClient client() { return RouterClient.at(base).bearer(KEY); }

  @Test void aPlainRequestIsOneLineWithItsFacts() throws Exception {
    upstream.replies(Reply.chat("Hello"));   // usage 5 + 3

    Response r = client().postJson("v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + SECRET_WORDS + "\"}]}");

    assertEquals(200, r.status());
    String raw = lines.await(r.header("x-request-id"));
    JsonObject line = parse(raw);
    assertEquals("ci-bot", line.getString("key"));
    assertEquals(JsonValue.NULL, line.get("team"), "the key has no team");
    assertEquals("gpt", line.getString("route"));
    assertEquals("primary", line.getString("target"), "a route written with one target: its target is named primary");
    assertEquals("openai", line.getString("provider"));
    assertEquals("gpt-4o", line.getString("model"));
    assertEquals("gpt-4o-2024-08-06", line.getString("upstream_model"));
    assertEquals("POST", line.getString("method"));
    assertEquals("/chat/completions", line.getString("endpoint"));
    assertFalse(line.getBoolean("stream"));
    assertEquals(200, line.getInt("status"));
    assertEquals(JsonValue.NULL, line.get("error_code"));
    assertEquals(5, line.getInt("prompt_tokens"));
    assertEquals(3, line.getInt("completion_tokens"));
    assertEquals(JsonValue.NULL, line.get("cost_usd"), "no price table: unpriced");
    assertEquals(1, line.getInt("attempts"));
    assertTrue(line.getInt("total_ms") >= line.getInt("ttfb_ms"), raw);
    assertEquals("127.0.0.1", line.getString("client_address"));
    assertTrue(line.getString("time").endsWith("Z"), raw);
    assertFalse(raw.contains(KEY) || raw.contains(SECRET_WORDS) || raw.contains("Hello"), "no key, no body: " + raw);
    assertTrue(RouterClient.at(base).get("metrics").text().contains("\nairouter_access_log_dropped 0"),
        "the writer kept up, and says so on /metrics");
  }

  @Test void aStreamedRequestIsLoggedWithItsStreamedUsage() throws Exception {
    upstream.replies(Reply.stream("Hel", "lo"));   // usage 5 + 2 in the last chunk

    Response r = client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}");

    assertEquals(200, r.status());
    r.text();
    JsonObject line = parse(lines.await(r.header("x-request-id")));
    assertTrue(line.getBoolean("stream"));
    assertEquals(200, line.getInt("status"));
    assertEquals(5, line.getInt("prompt_tokens"));
    assertEquals(2, line.getInt("completion_tokens"));
    assertFalse(line.getBoolean("tokens_estimated"));
    assertTrue(line.getInt("ttfb_ms") >= 0);
  }

  @Test void aBadKeyIsLoggedWithoutTheKey() throws Exception {
    String wrong = "ar-wrong-key-that-must-not-be-logged";

    Response r = RouterClient.at(base).bearer(wrong).postJson("v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[]}");

    assertEquals(401, r.status());
    String raw = lines.await(r.header("x-request-id"));
    JsonObject line = parse(raw);
    assertEquals(401, line.getInt("status"));
    assertEquals("invalid_api_key", line.getString("error_code"));
    assertEquals(JsonValue.NULL, line.get("key"));
    assertEquals(JsonValue.NULL, line.get("route"));
    assertEquals("/chat/completions", line.getString("endpoint"));
    assertEquals(0, line.getInt("attempts"));
    assertFalse(raw.contains(wrong), raw);
  }

  @Test void anUnknownModelIsLoggedWithItsKeyAndNoRoute() throws Exception {
    Response r = client().postJson("v1/chat/completions", "{\"model\":\"no-such-model\",\"messages\":[]}");

    assertEquals(404, r.status());
    JsonObject line = parse(lines.await(r.header("x-request-id")));
    assertEquals(404, line.getInt("status"));
    assertEquals("model_not_found", line.getString("error_code"));
    assertEquals("ci-bot", line.getString("key"));
    assertEquals("no-such-model", line.getString("model"));
    assertEquals(JsonValue.NULL, line.get("route"));
    assertEquals(0, line.getInt("attempts"));
  }

  static JsonObject parse(String line) {
    try (var reader = Json.createReader(new StringReader(line))) {
      return reader.readObject();
    }
  }

  /** The messages of the access logger, as written (one JSON document each). */
  static final class Lines extends Handler {
    private final List<String> messages = new ArrayList<>();

    Lines() { setLevel(Level.ALL); }

    @Override public synchronized void publish(LogRecord record) {
      if (!"airouter.access".equals(record.getLoggerName())) return;
      messages.add(record.getMessage());
      notifyAll();
    }

    /** The one line of this request id, waiting up to 10 s for it (lines are written on a thread of their own). */
    synchronized String await(String requestId) throws InterruptedException {
      long deadline = System.currentTimeMillis() + 10_000;
      while (true) {
        List<String> mine = messages.stream().filter(m -> m.contains("\"request_id\":\"" + requestId + "\"")).toList();
        if (mine.size() > 1) throw new AssertionError("more than one line for " + requestId + ": " + mine);
        if (mine.size() == 1) return mine.get(0);
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) throw new AssertionError("no access line for " + requestId + " in " + messages);
        wait(left);
      }
    }

    @Override public void flush() { }

    @Override public void close() { }
  }
}
