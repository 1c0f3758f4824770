package org.airouter.capture;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Poll;
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
 * Capture switched on for one route (then one key) stores the bodies of its requests, plain and streamed, redacted and
 * capped; a route without it stores nothing; only admins see or switch captures.
 */
@ExtendWith(ArquillianExtension.class)
class CaptureIT {
  static final String PASSWORD = "capture-admin-password";
  static final String KEY = "ar-test-key-capture-0001";
  static final String DEBUG_KEY = "ar-test-key-capture-debug-0002";
  static final String PROVIDER_KEY = "sk-provider-capture-secret-0001";
  static final String CLIENT_SECRET = "sk-client-leaked-1234567890";
  static final int CAP = 2048;

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(CaptureIT.class).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .set(RouterSettings.CAPTURE_MAX_BYTES, CAP).config(ConfigFiles.config()
            .route(route("captured", "exact", "cap-model").at(upstream).apiKey(PROVIDER_KEY))
            .route(route("plain", "exact", "plain-model").at(upstream))
            .clientKey(clientKey("ci-bot", KEY))
            .clientKey(clientKey("debug-bot", DEBUG_KEY))).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  AdminClient admin() { return AdminClient.withPassword(base, PASSWORD); }

  Response chat(String key, String model, boolean stream, String content) {
    return RouterClient.at(base).bearer(key).postJson("v1/chat/completions", "{\"model\":\"" + model + "\","
        + (stream ? "\"stream\":true," : "") + "\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}");
  }

  @Test void capturesTheSwitchedRouteAndKeyRedactedAndCappedAndNothingElse() throws Exception {
    Response on = admin().put("captures/switches", "{\"kind\":\"route\",\"name\":\"captured\",\"minutes\":30}");
    assertEquals(200, on.status(), on::toString);
    assertEquals("route", on.json().getString("kind"));
    assertTrue(admin().get("captures/switches").text().contains("\"captured\""));

    upstream.replies(Reply.chat("Hello from plain"));
    assertEquals(200, chat(KEY, "plain-model", false, "not captured").status());   // before the others: FIFO writer

    upstream.replies(Reply.chat("Hello captured"));
    Response plain = chat(KEY, "cap-model", false, "my keys: " + PROVIDER_KEY + " and " + CLIENT_SECRET);
    assertEquals(200, plain.status(), plain::toString);

    upstream.replies(Reply.stream("Hel", "lo"));
    Response streamed = chat(KEY, "cap-model", true, "stream please " + CLIENT_SECRET);
    assertEquals(200, streamed.status());
    String streamText = streamed.text();

    upstream.replies(Reply.chat("Hello big"));
    Response big = chat(KEY, "cap-model", false, "x".repeat(3 * CAP));
    assertEquals(200, big.status());

    JsonObject plainCapture = awaitCapture(plain.header("x-request-id"));
    String request = plainCapture.getString("request");
    assertTrue(request.contains("my keys: "), request);
    assertFalse(request.contains(PROVIDER_KEY) || request.contains("capture-secret") || request.contains(CLIENT_SECRET),
        "no provider key, no sk-… key: " + request);
    assertTrue(request.contains("[redacted]"), request);
    assertTrue(plainCapture.getString("answer").contains("Hello captured"), plainCapture::toString);
    assertEquals("captured", plainCapture.getString("route"));
    assertEquals("ci-bot", plainCapture.getString("key"));
    assertEquals("cap-model", plainCapture.getString("model"));
    assertEquals(200, plainCapture.getInt("status"));
    assertFalse(plainCapture.getBoolean("stream"));
    assertFalse(plainCapture.getBoolean("requestTruncated"));

    JsonObject streamCapture = awaitCapture(streamed.header("x-request-id"));
    assertTrue(streamCapture.getBoolean("stream"));
    String answer = streamCapture.getString("answer");
    assertTrue(answer.contains("data: ") && answer.contains("\"Hel\"") && answer.contains("\"lo\"")
        && answer.contains("[DONE]"), answer);
    assertEquals(streamText.getBytes(StandardCharsets.UTF_8).length,
        streamCapture.getJsonNumber("answerBytes").longValue(), "the whole SSE text the client got was counted");
    assertFalse(streamCapture.getString("request").contains(CLIENT_SECRET));

    JsonObject bigCapture = awaitCapture(big.header("x-request-id"));
    assertTrue(bigCapture.getBoolean("requestTruncated"));
    assertTrue(bigCapture.getJsonNumber("requestBytes").longValue() > 3 * CAP);
    assertTrue(bigCapture.getString("request").length() <= CAP, "kept up to the cap");

    JsonObject page = admin().get("captures?route=plain").json();
    assertEquals(0, page.getInt("total"), "a route without capture stores nothing: " + page);
    JsonObject all = admin().get("captures?limit=2").json();
    assertEquals(3, all.getInt("total"), all::toString);
    assertEquals(2, all.getJsonArray("captures").size());
    assertFalse(all.getJsonArray("captures").getJsonObject(0).containsKey("request"), "a listing has no bodies");
    assertEquals(CAP, all.getInt("maxBytes"));
    assertEquals(7, all.getInt("retentionDays"));

    // Off for the route, on for a key: the key's requests on any route are captured, the route's no longer.
    assertEquals(204, admin().delete("captures/switches?kind=route&name=captured").status());
    assertEquals(200, admin().put("captures/switches", "{\"kind\":\"key\",\"name\":\"debug-bot\"}").status());
    upstream.replies(Reply.chat("after"), Reply.chat("debug"));
    assertEquals(200, chat(KEY, "cap-model", false, "no longer captured").status());
    Response debug = chat(DEBUG_KEY, "plain-model", false, "debug me");
    JsonObject debugCapture = awaitCapture(debug.header("x-request-id"));
    assertEquals("debug-bot", debugCapture.getString("key"));
    assertEquals("plain", debugCapture.getString("route"));
    assertEquals(4, admin().get("captures").json().getInt("total"), "the route switched off stored nothing more");
    assertEquals(404, admin().get("captures/no-such-capture").status());
  }

  @Test void viewersAndOperatorsAreRefused() {
    for (String role : new String[] {"viewer", "operator"}) {
      Response made = admin().post("tokens", "{\"name\":\"capture-" + role + "\",\"role\":\"" + role + "\"}");
      assertEquals(201, made.status(), made::toString);
      AdminClient caller = AdminClient.withToken(base, made.json().getString("token"));
      for (Response r : new Response[] {caller.get("captures"), caller.get("captures/switches"),
          caller.get("captures/some-id"), caller.put("captures/switches", "{\"kind\":\"route\",\"name\":\"plain\"}"),
          caller.delete("captures/switches?kind=route&name=plain")}) {
        assertEquals(403, r.status(), role + ": " + r);
        assertEquals("permission_denied", r.json().getJsonObject("error").getString("code"));
      }
    }
    assertFalse(admin().get("captures/switches").text().contains("\"plain\""), "the refused switch did nothing");
  }

  /** The capture of this request, with its bodies, waiting up to 10 s (captures are written on a thread of their own). */
  JsonObject awaitCapture(String requestId) {
    JsonObject listed = Poll.until(Duration.ofSeconds(10), () -> admin().get("captures?limit=500").json()
        .getJsonArray("captures").stream().map(v -> v.asJsonObject())
        .filter(c -> requestId.equals(c.getString("requestId", null))).findFirst().orElse(null), c -> c != null);
    if (listed == null) throw new AssertionError("no capture for " + requestId);
    Response one = admin().get("captures/" + listed.getString("id"));
    assertEquals(200, one.status(), one::toString);
    return one.json();
  }
}
