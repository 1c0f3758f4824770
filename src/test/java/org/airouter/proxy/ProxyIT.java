package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.LogCapture;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.RawHttp;
import org.airouter.testing.RecordedRequest;
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
 * The proxy's forwarding: which route serves a request, what reaches the upstream, what comes back. One mock plays
 * every provider; each route has its own provider key, so the Authorization header the mock sees tells which route
 * served the call.
 */
@ExtendWith(ArquillianExtension.class)
class ProxyIT {
  static final String KEY = "ar-test-key-proxy-0001";
  static final String EXACT = "sk-exact-secret";      // exact "gpt-4o"
  static final String GLOB4 = "sk-glob4-secret";      // glob "gpt-4*", listed before "gpt-*"
  static final String GLOB = "sk-glob-secret";        // glob "gpt-*", base URL without /v1
  static final String KEYWORD = "sk-keyword-secret";  // keyword "gpt"
  static final String EMBED = "sk-embed-secret";      // keyword "embedding"
  static final String RENAMED = "sk-renamed-secret";  // exact "house-model" → upstream "gpt-4.1-mini"
  static final String DEFAULT = "sk-default-secret";  // exact "fallback-model", the default route
  static final List<String> PROVIDER_KEYS = List.of(EXACT, GLOB4, GLOB, KEYWORD, EMBED, RENAMED, DEFAULT);

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  /** Everything logged from before the deployment on: start-up, import, every request of this class. */
  static final LogCapture logs = LogCapture.start();

  @Deployment(testable = false)
  static WebArchive deployment() {
    upstream.models("gpt-4o-mini", "gpt-4.1", "text-embedding-3-small");   // before start-up, in case the router caches it
    RouterSettings.fresh(ProxyIT.class).config(ConfigFiles.config()
        .route(route("gpt-4o", "exact", "gpt-4o").at(upstream).apiKey(EXACT))
        .route(route("gpt-4-family", "glob", "gpt-4*").at(upstream).apiKey(GLOB4))
        .route(route("gpt-family", "glob", "gpt-*").baseUrl(upstream.origin()).apiKey(GLOB))
        .route(route("gpt-anywhere", "keyword", "gpt").at(upstream).apiKey(KEYWORD))
        .route(route("embeddings", "keyword", "embedding").at(upstream).apiKey(EMBED))
        .route(route("house-model", "exact", "house-model").at(upstream).apiKey(RENAMED).upstreamModel("gpt-4.1-mini"))
        .route(route("fallback-model", "exact", "fallback-model").at(upstream).apiKey(DEFAULT).asDefault())
        .clientKey(clientKey("team-a", KEY))).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  RouterClient client() { return RouterClient.at(base).bearer(KEY); }

  // ---- the OpenAI endpoints --------------------------------------------------------------------------------------

  @Test void chatCompletionIsAnsweredByTheUpstream() {
    upstream.replies(Reply.chat("Hi from upstream"));
    String request = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.2}";

    Response r = client().postJson("v1/chat/completions", request);

    assertEquals(200, r.status(), r::toString);
    assertTrue(r.header("content-type").startsWith("application/json"));
    JsonObject message = r.json().getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertEquals("Hi from upstream", message.getString("content"));
    RecordedRequest got = upstream.onlyCall();
    assertEquals("POST", got.method());
    assertEquals("/v1/chat/completions", got.path());
    assertEquals(EXACT, got.bearer());
    assertEquals(json(request), got.json());
  }

  @Test void completionsAreForwarded() {
    Response r = client().postJson("v1/completions", "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Say hi\"}");

    assertEquals(200, r.status(), r::toString);
    assertEquals("text_completion", r.json().getString("object"));
    RecordedRequest got = upstream.onlyCall();
    assertEquals("/v1/completions", got.path());
    assertEquals("Say hi", got.json().getString("prompt"));
  }

  @Test void embeddingsInBase64PassThroughUntouched() {
    String request = "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\"}";

    Response r = client().postJson("v1/embeddings", request);

    assertEquals(200, r.status(), r::toString);
    assertEquals(Reply.EMBEDDING_BASE64, r.json().getJsonArray("data").getJsonObject(1).getString("embedding"));
    RecordedRequest got = upstream.onlyCall();
    assertEquals("/v1/embeddings", got.path());
    assertEquals(EMBED, got.bearer());
    assertEquals("base64", got.json().getString("encoding_format"));
  }

  @Test void modelListShowsExactRoutesAndTheUpstreamsOwnModels() {
    Response r = client().get("v1/models");

    assertEquals(200, r.status(), r::toString);
    JsonObject list = r.json();
    assertEquals("list", list.getString("object"));
    List<String> ids = list.getJsonArray("data").stream().map(v -> {
      JsonObject model = v.asJsonObject();
      assertEquals("model", model.getString("object"), model::toString);
      assertTrue(model.containsKey("owned_by"), model::toString);
      return model.getString("id");
    }).toList();
    for (String expected : List.of("gpt-4o", "house-model", "fallback-model", "gpt-4o-mini", "gpt-4.1", "text-embedding-3-small")) {
      assertTrue(ids.contains(expected), () -> expected + " missing from " + ids);
    }
    assertEquals(ids.size(), ids.stream().distinct().count(), () -> "duplicate ids in " + ids);
    for (RecordedRequest listCall : upstream.requests()) {
      assertTrue(PROVIDER_KEYS.contains(listCall.bearer()), () -> "upstream list call without a provider key: " + listCall.headers());
    }
  }

  @Test void otherPathsAreForwardedUnchangedWithTheirMethod() {
    Response list = client().get("v1/files?purpose=fine-tune&limit=2");
    Response delete = client().send("DELETE", "v1/files/file-abc123", null, null);
    String responses = "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"store\":false}";
    Response created = client().postJson("v1/responses", responses);

    assertEquals(200, list.status(), list::toString);
    assertEquals(200, delete.status(), delete::toString);
    assertEquals(200, created.status(), created::toString);
    List<RecordedRequest> calls = upstream.calls();
    assertEquals(3, calls.size(), calls::toString);
    assertEquals("GET", calls.get(0).method());
    assertEquals("/v1/files?purpose=fine-tune&limit=2", calls.get(0).target());
    assertEquals("DELETE", calls.get(1).method());
    assertEquals("/v1/files/file-abc123", calls.get(1).target());
    assertEquals("/v1/responses", calls.get(2).path());
    assertEquals(EXACT, calls.get(2).bearer(), "a JSON body's model picks the route on any path");
    assertEquals(json(responses), calls.get(2).json());
    assertEquals("mock.echo", created.json().getString("object"), "the upstream's answer comes back as is");
  }

  @Test void multipartUploadIsRoutedByItsModelFieldAndForwardedByteForByte() {
    String boundary = "----airouter-it-7MA4YWxkTrZu0gW";
    byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hello.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\nRIFF\u0000\u0001\u0002\u00ff\u00fe binary\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o-transcribe\r\n"
        + "--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);

    Response r = client().send("POST", "v1/audio/transcriptions", "multipart/form-data; boundary=" + boundary, body);

    assertEquals(200, r.status(), r::toString);
    RecordedRequest got = upstream.onlyCall();
    assertEquals("/v1/audio/transcriptions", got.path());
    assertEquals(GLOB4, got.bearer(), "model gpt-4o-transcribe matches glob gpt-4*");
    assertEquals("multipart/form-data; boundary=" + boundary, got.header("content-type"));
    assertArrayEquals(body, got.body());
  }

  @Test void requestWithoutModelGoesToTheDefaultRoute() {
    Response chat = client().postJson("v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    Response files = client().get("v1/files");
    Response unknown = client().postJson("v1/chat/completions", "{\"model\":\"mistral-large\",\"messages\":[]}");

    assertEquals(200, chat.status(), chat::toString);
    assertEquals(200, files.status(), files::toString);
    assertEquals(200, unknown.status(), unknown::toString);
    List<RecordedRequest> calls = upstream.calls();
    assertEquals(3, calls.size(), calls::toString);
    calls.forEach(c -> assertEquals(DEFAULT, c.bearer(), c::toString));
  }

  // ---- routing ---------------------------------------------------------------------------------------------------

  @Test void exactBeatsGlobBeatsKeywordAndFileOrderDecidesWithinAKind() {
    for (String model : List.of("gpt-4o", "gpt-4.1", "gpt-3.5-turbo", "my-gpt-clone")) {
      Response r = client().postJson("v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[]}");
      assertEquals(200, r.status(), r::toString);
    }

    List<String> keys = upstream.calls().stream().map(RecordedRequest::bearer).toList();
    assertEquals(List.of(EXACT, GLOB4, GLOB, KEYWORD), keys,
        "gpt-4o → exact; gpt-4.1 → first glob gpt-4*; gpt-3.5-turbo → glob gpt-*; my-gpt-clone → keyword gpt");
  }

  @Test void upstreamModelRewritesTheModelSentUpstream() {
    Response r = client().postJson("v1/chat/completions", "{\"model\":\"house-model\",\"messages\":[]}");

    assertEquals(200, r.status(), r::toString);
    RecordedRequest got = upstream.onlyCall();
    assertEquals(RENAMED, got.bearer());
    assertEquals("gpt-4.1-mini", got.model());
  }

  @Test void baseUrlWorksWithAndWithoutTrailingV1() {
    client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");         // base .../v1
    client().postJson("v1/chat/completions", "{\"model\":\"gpt-3.5-turbo\",\"messages\":[]}");  // base without /v1

    List<RecordedRequest> calls = upstream.calls();
    assertEquals(List.of(EXACT, GLOB), calls.stream().map(RecordedRequest::bearer).toList());
    calls.forEach(c -> assertEquals("/v1/chat/completions", c.path(), c::toString));
  }

  // ---- headers ---------------------------------------------------------------------------------------------------

  @Test void upstreamSeesOnlyTheProviderKeyNeverTheClientsCredentialsCookiesOrHopByHopHeaders() throws Exception {
    Headers sent = Headers.of(
        "Authorization", "Bearer " + KEY,
        "api-key", KEY,
        "x-api-key", KEY,
        "Cookie", "session=s3cr3t-cookie; theme=dark",
        "Connection", "keep-alive, X-Hop-Only",
        "X-Hop-Only", "hop-value",
        "Keep-Alive", "timeout=5",
        "TE", "trailers",
        "Proxy-Authorization", "Basic cHJveHk6c2VjcmV0",
        "Proxy-Connection", "keep-alive");
    try (RawHttp raw = RawHttp.connect(base)) {
      HttpWire.Head head = raw.postJson("/v1/chat/completions", sent, "{\"model\":\"gpt-4o\",\"messages\":[]}").readHead();
      try (InputStream body = raw.body(head)) {
        body.readAllBytes();
      }
      assertEquals(200, head.status(), head::toString);
    }

    RecordedRequest got = upstream.onlyCall();
    assertEquals(List.of("Bearer " + EXACT), got.headers().all("authorization"), "exactly the provider key, once");
    assertFalse(got.headers().mention(KEY), () -> "the client key reached the upstream:\n" + got.headers());
    for (String name : List.of("api-key", "x-api-key", "cookie", "x-hop-only", "keep-alive", "te", "proxy-authorization",
        "proxy-connection")) {
      assertNull(got.header(name), () -> name + " must not be forwarded:\n" + got.headers());
    }
    String connection = got.header("connection");
    assertTrue(connection == null || !connection.toLowerCase(Locale.ROOT).contains("x-hop-only"), connection);
    assertFalse(got.headers().mention("s3cr3t-cookie"));
  }

  @Test void upstreamRateLimitAndRequestHeadersComeBack() {
    upstream.replies(Reply.chat("hi")
        .header("content-type", "application/json; charset=utf-8")
        .header("x-request-id", "req_upstream_123")
        .header("openai-processing-ms", "42")
        .header("openai-version", "2020-10-01")
        .header("openai-organization", "org-mock")
        .header("x-ratelimit-limit-requests", "500")
        .header("x-ratelimit-remaining-requests", "499")
        .header("x-ratelimit-reset-tokens", "6ms")
        .header("retry-after", "1"));

    Response r = client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");

    assertEquals(200, r.status(), r::toString);
    // Tomcat writes media-type parameters without the optional space; the value is the same (RFC 9110, 8.3.1).
    assertEquals("application/json;charset=utf-8", r.header("content-type").replace("; ", ";"));
    assertEquals("req_upstream_123", r.header("x-upstream-request-id"), "the upstream's id, beside the router's");
    assertTrue(r.header("x-request-id").startsWith("req_") && !r.header("x-request-id").equals("req_upstream_123"),
        () -> "the router's own id, the one its usage record carries: " + r.header("x-request-id"));
    assertEquals("42", r.header("openai-processing-ms"));
    assertEquals("2020-10-01", r.header("openai-version"));
    assertEquals("org-mock", r.header("openai-organization"));
    assertEquals("500", r.header("x-ratelimit-limit-requests"));
    assertEquals("499", r.header("x-ratelimit-remaining-requests"));
    assertEquals("6ms", r.header("x-ratelimit-reset-tokens"));
    assertEquals("1", r.header("retry-after"));
  }

  @Test void everyResponseCarriesARequestId() {
    Response proxied = client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");  // mock sends none
    Response models = client().get("v1/models");
    Response unauthorized = RouterClient.at(base).get("v1/models");
    Response badJson = client().postJson("v1/chat/completions", "{not json");

    for (Response r : List.of(proxied, models, unauthorized, badJson)) {
      String id = r.header("x-request-id");
      assertNotNull(id, () -> "no x-request-id on " + r);
      assertFalse(id.isBlank());
    }
    assertEquals(401, unauthorized.status());
  }

  // ---- upstream errors -------------------------------------------------------------------------------------------

  /**
   * A single-target route retries the same target after the upstream's retry-after when it is at most 60 s (the
   * failover rules); a longer one is the client's: relayed at once, with the router's retries declared spent.
   */
  @Test void upstreamRateLimitIs429WithRetryAfter() {
    upstream.always(Reply.error(429, "requests", "rate_limit_exceeded", "Rate limit reached for gpt-4o")
        .header("retry-after", "120"));

    Response r = client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");

    OpenAiErrors.expect(r, 429);
    assertEquals("120", r.header("retry-after"));
    assertEquals("false", r.header("x-should-retry"));
    assertEquals(1, upstream.calls().size());
  }

  @Test void upstreamServerErrorKeepsItsStatusInOpenAiShapeWithoutTheProviderKey() {
    // Retried on the same (only) target after a short backoff, up to maxAttempts (3); the last error is the answer.
    upstream.always(Reply.error(500, "server_error", null,
        "The server had an error processing your request (key " + EXACT + ", org org-mock)"));

    Response r = client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");

    JsonObject error = OpenAiErrors.expect(r, 500);
    assertEquals(3, upstream.calls().size());
    assertEquals("3", r.header("x-airouter-attempts"));
    assertFalse(r.text().contains(EXACT), () -> "provider key leaked into the body: " + r.text());
    assertFalse(r.headers().map().toString().contains(EXACT), "provider key leaked into a header");
    assertNotNull(error.getString("message"));
  }

  @Test void providerKeysNeverAppearInAnyLogLine() {
    upstream.replies(Reply.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: " + EXACT + "."));
    client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");
    upstream.replies(Reply.reset());
    client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");
    client().get("v1/models");

    List<String> lines = logs.lines();
    assertFalse(lines.isEmpty(), "the capture saw the deployment's log lines");
    for (String secret : List.of(EXACT, GLOB4, GLOB, KEYWORD, EMBED, RENAMED, DEFAULT, KEY)) {
      lines.stream().filter(line -> line.contains(secret)).findFirst().ifPresent(line ->
          fail("a secret appears in a log line: " + line));
    }
  }

  // ---- CORS (default: any origin) --------------------------------------------------------------------------------

  @Test void preflightIsAnsweredWithoutAKeyForAnyOriginByDefault() {
    Response r = RouterClient.at(base)
        .header("Origin", "https://chat.example.org")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type")
        .send("OPTIONS", "v1/chat/completions", null, null);

    assertTrue(r.status() == 200 || r.status() == 204, r::toString);
    String allowOrigin = r.header("access-control-allow-origin");
    assertTrue("*".equals(allowOrigin) || "https://chat.example.org".equals(allowOrigin), r::toString);
    assertTrue(upstream.calls().isEmpty(), "a preflight never reaches the upstream");
  }

  private static JsonObject json(String text) {
    JsonValue v = Json.createReader(new StringReader(text)).readValue();
    return v.asJsonObject();
  }
}
