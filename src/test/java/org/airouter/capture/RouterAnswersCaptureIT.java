package org.airouter.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.airouter.testing.AdminClient;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The answers the router writes itself are captured as the client got them, like upstream bodies: a limit's 429, a
 * 502 when the upstream cannot be reached, an upstream error it reshaped, and (for a switched key) a request refused
 * before it matched a route.
 */
@ExtendWith(ArquillianExtension.class)
class RouterAnswersCaptureIT {
  static final String PASSWORD = "own-answers-admin-password";
  static final String RATE_KEY = "ar-test-key-own-answers-rate-01";
  static final String DEBUG_KEY = "ar-test-key-own-answers-debug-02";
  static final String NARROW_KEY = "ar-test-key-own-answers-narrow-03";
  static final String SECRET = "sk-client-leaked-0987654321abc";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    String config = """
        {"routes": [{"name": "limited", "match": "exact", "pattern": "lim-model", "baseUrl": "%s", "apiKey": "sk-up-own"},
                    {"name": "relayed", "match": "exact", "pattern": "err-model", "baseUrl": "%s", "apiKey": "sk-up-own"},
                    {"name": "down", "match": "exact", "pattern": "down-model", "baseUrl": "http://127.0.0.1:%d/v1",
                     "apiKey": "sk-up-own"}],
         "clientKeys": [{"name": "rate-bot", "key": "%s", "limits": {"rpm": 1}},
                        {"name": "debug-bot", "key": "%s"},
                        {"name": "narrow-bot", "key": "%s", "allowedEndpoints": ["embeddings"]}]}
        """.formatted(upstream.baseUrl(), upstream.baseUrl(), closedPort(), RATE_KEY, DEBUG_KEY, NARROW_KEY);
    RouterSettings.fresh(RouterAnswersCaptureIT.class).configJson(config).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .apply();
    return Deployments.router();
  }

  /** A port nothing listens on: bound, then let go. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ArquillianResource URL base;

  AdminClient admin() { return AdminClient.withPassword(base, PASSWORD); }

  void switchOn(String kind, String name) {
    Response on = admin().put("captures/switches", "{\"kind\":\"" + kind + "\",\"name\":\"" + name + "\"}");
    assertEquals(200, on.status(), on::toString);
  }

  Response chat(String key, String model, String content) {
    return RouterClient.at(base).bearer(key).postJson("v1/chat/completions", "{\"model\":\"" + model + "\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}");
  }

  @Test void aLimitsRefusalIsCapturedAsTheClientGotIt() throws Exception {
    switchOn("route", "limited");
    upstream.replies(Reply.chat("first"));
    assertEquals(200, chat(RATE_KEY, "lim-model", "first").status());
    Response refused = chat(RATE_KEY, "lim-model", "second, refused");
    assertEquals(429, refused.status(), refused::toString);

    JsonObject capture = awaitCapture(refused.header("x-request-id"));
    assertEquals(429, capture.getInt("status"));
    assertEquals("limited", capture.getString("route"));
    assertTrue(capture.getString("request").contains("second, refused"), capture::toString);
    assertSameError(refused, capture);
  }

  @Test void anUnreachableUpstreamsBadGatewayIsCaptured() throws Exception {
    switchOn("route", "down");
    Response failed = chat(DEBUG_KEY, "down-model", "anyone there?");
    assertTrue(failed.status() >= 500, failed::toString);

    JsonObject capture = awaitCapture(failed.header("x-request-id"));
    assertEquals(failed.status(), capture.getInt("status"));
    assertEquals("down", capture.getString("route"));
    assertSameError(failed, capture);
  }

  @Test void anUpstreamErrorIsCapturedAsReshapedForTheClient() throws Exception {
    switchOn("route", "relayed");
    upstream.replies(Reply.error(400, "invalid_request_error", "bad_temperature", "temperature is out of range"));
    Response failed = chat(DEBUG_KEY, "err-model", "too hot");
    assertEquals(400, failed.status(), failed::toString);

    JsonObject capture = awaitCapture(failed.header("x-request-id"));
    assertEquals(400, capture.getInt("status"));
    assertTrue(capture.getString("answer").contains("temperature is out of range"), capture::toString);
    assertSameError(failed, capture);
  }

  @Test void aSwitchedKeysRequestsRefusedBeforeRoutingAreCapturedRedacted() throws Exception {
    switchOn("key", "debug-bot");
    Response malformed = RouterClient.at(base).bearer(DEBUG_KEY).postJson("v1/chat/completions",
        "{\"model\":\"lim-model\",\"messages\":[{\"content\":\"" + SECRET + "\"");
    assertEquals(400, malformed.status(), malformed::toString);
    Response unknown = chat(DEBUG_KEY, "no-such-model", "where am I");
    assertEquals(404, unknown.status(), unknown::toString);

    JsonObject bad = awaitCapture(malformed.header("x-request-id"));
    assertEquals(400, bad.getInt("status"));
    assertEquals("debug-bot", bad.getString("key"));
    assertFalse(bad.containsKey("route"), "no route was matched: " + bad);
    assertFalse(bad.getString("request").contains(SECRET), bad::toString);
    assertTrue(bad.getString("request").contains("[redacted]"), bad::toString);
    assertSameError(malformed, bad);

    JsonObject missing = awaitCapture(unknown.header("x-request-id"));
    assertEquals(404, missing.getInt("status"));
    assertEquals("no-such-model", missing.getString("model"));
    assertSameError(unknown, missing);
  }

  @Test void aSwitchedKeysRequestRefusedBeforeItsBodyIsReadIsCapturedWithoutIt() throws Exception {
    switchOn("key", "narrow-bot");
    Response refused = chat(NARROW_KEY, "lim-model", "chat is not mine " + SECRET);
    assertEquals(403, refused.status(), refused::toString);

    JsonObject capture = awaitCapture(refused.header("x-request-id"));
    assertEquals(403, capture.getInt("status"));
    assertEquals("narrow-bot", capture.getString("key"));
    assertEquals("/chat/completions", capture.getString("endpoint"));
    assertTrue(capture.getString("request").startsWith("(not captured: refused before the body was read"),
        capture::toString);
    assertSameError(refused, capture);
  }

  /** The captured answer is the error body the client got: the same JSON, the same size. */
  static void assertSameError(Response got, JsonObject capture) {
    JsonObject answer;
    try (JsonReader reader = Json.createReader(new StringReader(capture.getString("answer")))) {
      answer = reader.readObject();
    }
    assertEquals(got.json().getJsonObject("error").getString("code"), answer.getJsonObject("error").getString("code"),
        capture::toString);
    assertEquals(got.json().getJsonObject("error").getString("message"),
        answer.getJsonObject("error").getString("message"));
    assertEquals(got.text().getBytes(StandardCharsets.UTF_8).length, capture.getJsonNumber("answerBytes").longValue());
    assertEquals(got.json().getJsonObject("error").getString("code"), capture.getString("errorCode"));
  }

  /** The capture of this request, with its bodies, waiting up to 10 s (captures are written on a thread of their own). */
  JsonObject awaitCapture(String requestId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      for (var item : admin().get("captures?limit=500").json().getJsonArray("captures")) {
        JsonObject c = item.asJsonObject();
        if (requestId.equals(c.getString("requestId", null))) {
          Response one = admin().get("captures/" + c.getString("id"));
          assertEquals(200, one.status(), one::toString);
          return one.json();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no capture for " + requestId);
  }
}
