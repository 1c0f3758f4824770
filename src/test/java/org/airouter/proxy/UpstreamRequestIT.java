package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.LogCapture;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.RawHttp;
import org.airouter.testing.RecordedRequest;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What of a client's request may shape the upstream request: the path (read raw, each segment checked), the query
 * (never the route's forced parameters), the Azure deployment (a safe name only) and the headers (an allowlist).
 * Requests go over a raw socket, so the router sees the request target exactly as written here.
 */
@ExtendWith(ArquillianExtension.class)
class UpstreamRequestIT {
  static final String KEY = "ar-test-key-upstream-request-01";
  static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[]}";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  static final LogCapture logs = LogCapture.start();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(UpstreamRequestIT.class).config(ConfigFiles.config()
        .route(route("gpt-4o", "exact", "gpt-4o").at(upstream).query(Map.of("trace", "on"))
            .headers(Map.of("OpenAI-Organization", "org-route")).asDefault())
        .route(route("azure-any", "glob", "*").provider("azure").baseUrl(upstream.origin()))
        .clientKey(clientKey("team", KEY))).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  /** One request, its status and JSON body (null when the body is not JSON). */
  record Answer(int status, JsonObject json, String text) {
    String code() {
      return json == null || !json.containsKey("error") || json.getJsonObject("error").isNull("code") ? null
          : json.getJsonObject("error").getString("code");
    }
  }

  Answer send(String method, String target, Headers headers, String json) throws IOException {
    try (RawHttp raw = RawHttp.connect(base)) {
      String path = base.getPath().replaceAll("/$", "") + target;
      HttpWire.Head head = json == null ? raw.send(method, path, headers, null).readHead()
          : raw.postJson(path, headers, json).readHead();
      byte[] body;
      try (InputStream in = raw.body(head)) {
        body = in.readAllBytes();
      }
      String text = new String(body, StandardCharsets.UTF_8);
      JsonObject parsed = null;
      try {
        parsed = Json.createReader(new ByteArrayInputStream(body)).readObject();
      } catch (RuntimeException notJson) {
        // the container's own answer
      }
      return new Answer(head.status(), parsed, text);
    }
  }

  Answer post(String target, String json) throws IOException {
    return send("POST", target, Headers.of("Authorization", "Bearer " + KEY), json);
  }

  static void noSevereLines(List<String> lines) {
    for (String line : lines) assertTrue(!line.contains("SEVERE"), () -> "logged as SEVERE:\n" + line);
  }

  // ---- the path ---------------------------------------------------------------------------------------------------

  @Test void encodedStructureDotSegmentsAndPathParametersAre400InvalidPathAndNeverSent() throws IOException {
    for (String target : List.of("/v1/chat/completions%3Ftrace=off%26x=", "/v1/chat/completions%23frag",
        "/v1/%252e%252e/%252e%252e/admin/secret", "/v1/x/%2e%2e/chat/completions", "/v1/x/../chat/completions",
        "/v1/./chat/completions", "/v1/chat/completions;x=y", "/v1;x=y/chat/completions", "/v1//chat/completions",
        "/v1/chat/completions/", "/v1/x%3By")) {
      Answer a = post(target, CHAT);

      assertEquals(400, a.status(), () -> target + " → " + a);
      assertEquals("invalid_path", a.code(), () -> target + " → " + a);
      assertEquals("invalid_request_error", a.json().getJsonObject("error").getString("type"));
    }
    assertEquals(List.of(), upstream.calls());
  }

  @Test void malformedPathsAre4xxWithoutAStackTraceInTheLog() throws IOException {
    int before = logs.lines().size();
    for (String target : List.of("/v1/x%20y", "/v1/caf%C3%A9", "/v1/a%22b", "/v1/%7Bx%7D")) {
      Answer a = post(target, CHAT);

      assertEquals(400, a.status(), () -> target + " → " + a);
      assertEquals("invalid_path", a.code(), () -> target + " → " + a);
    }
    // Tomcat refuses these itself (a plain 400) before the router sees them; other containers may leave them to us.
    for (String target : List.of("/v1/%zz", "/v1/%2", "/v1/%C3%28", "/v1/%E9t%E9", "/v1/%00", "/v1/a%2Fb",
        "/v1/a%5Cb")) {
      Answer a = post(target, CHAT);

      assertTrue(a.status() >= 400 && a.status() < 500, () -> target + " → " + a);
    }
    assertEquals(List.of(), upstream.calls());
    List<String> lines = logs.lines();
    noSevereLines(lines.subList(before, lines.size()));
  }

  @Test void escapedLettersAreSentInCanonicalForm() throws IOException {
    Answer a = send("GET", "/%761/%66iles/file%2Dabc", Headers.of("Authorization", "Bearer " + KEY), null);

    assertEquals(200, a.status(), a::toString);
    assertEquals("/v1/files/file-abc?trace=on", upstream.onlyCall().target());
  }

  // ---- the query --------------------------------------------------------------------------------------------------

  @Test void theRoutesForcedParametersCannotBeReplacedInAnyCaseOrEncoding() throws IOException {
    Answer a = send("GET", "/v1/files?TRACE=off&tr%61ce=off&limit=2&+trace=x",
        Headers.of("Authorization", "Bearer " + KEY), null);

    assertEquals(200, a.status(), a::toString);
    assertEquals("/v1/files?limit=2&trace=on", upstream.onlyCall().target());
  }

  @Test void aQueryWithASemicolonOrBrokenEscapeIs400InvalidPath() throws IOException {
    for (String target : List.of("/v1/chat/completions?x=1;trace=off", "/v1/chat/completions?x=%zz")) {
      Answer a = post(target, CHAT);

      assertEquals(400, a.status(), () -> target + " → " + a);
      assertEquals("invalid_path", a.code(), () -> target + " → " + a);
    }
    assertEquals(List.of(), upstream.calls());
  }

  // ---- the Azure deployment ---------------------------------------------------------------------------------------

  @Test void anAzureGlobRouteSendsOnlySafeDeploymentNames() throws IOException {
    for (String model : List.of("..", ".", "../../admin", "a/b", "x?api-version=1", "x#y", "a b", "d".repeat(65))) {
      Answer a = post("/v1/chat/completions", Json.createObjectBuilder().add("model", model).build().toString());

      assertEquals(400, a.status(), () -> model + " → " + a);
      assertEquals("invalid_deployment", a.code(), () -> model + " → " + a);
    }
    assertEquals(List.of(), upstream.calls());

    Answer ok = post("/v1/chat/completions", "{\"model\":\"prod-4o.v2\",\"messages\":[]}");

    assertEquals(200, ok.status(), ok::toString);
    assertEquals("/openai/deployments/prod-4o.v2/chat/completions?api-version=2024-10-21", upstream.onlyCall().target());
  }

  // ---- the headers ------------------------------------------------------------------------------------------------

  @Test void onlyAllowlistedClientHeadersReachTheUpstreamAndTheOrganizationComesFromTheRoute() throws IOException {
    Map<String, String> allowed = Map.of("Accept", "application/json", "User-Agent", "OpenAI/Python 1.99.0",
        "OpenAI-Beta", "assistants=v2", "anthropic-beta", "tools-2024", "Idempotency-Key", "idem-1",
        "X-Client-Request-Id", "client-req-1");
    Headers sent = Headers.of("Authorization", "Bearer " + KEY,
        "OpenAI-Organization", "org-client", "OpenAI-Project", "proj-client", "X-HTTP-Method-Override", "DELETE",
        "X-Original-URL", "/admin/secret", "X-Rewrite-URL", "/admin/secret", "True-Client-IP", "10.9.8.7",
        "X-Forwarded-For", "10.9.8.7", "X-Real-IP", "10.9.8.7", "x-stainless-os", "Linux",
        "x-stainless-retry-count", "0", "traceparent", "00-abc-def-01", "X-Custom", "anything",
        "Accept", allowed.get("Accept"), "User-Agent", allowed.get("User-Agent"),
        "OpenAI-Beta", allowed.get("OpenAI-Beta"), "anthropic-beta", allowed.get("anthropic-beta"),
        "Idempotency-Key", allowed.get("Idempotency-Key"), "X-Client-Request-Id", allowed.get("X-Client-Request-Id"));

    Answer ok = send("POST", "/v1/chat/completions", sent, CHAT);

    assertEquals(200, ok.status(), ok::toString);
    RecordedRequest got = upstream.onlyCall();
    allowed.forEach((name, value) -> assertEquals(List.of(value), got.headers().all(name), () -> name + ":\n" + got.headers()));
    assertEquals(List.of("org-route"), got.headers().all("OpenAI-Organization"), () -> got.headers().toString());
    for (String name : List.of("OpenAI-Project", "X-HTTP-Method-Override", "X-Original-URL", "X-Rewrite-URL",
        "True-Client-IP", "X-Forwarded-For", "X-Real-IP", "x-stainless-os", "x-stainless-retry-count", "traceparent",
        "X-Custom")) {
      assertNull(got.header(name), () -> name + " must not be forwarded:\n" + got.headers());
    }
    assertEquals("application/json", got.header("Content-Type"));
  }
}
