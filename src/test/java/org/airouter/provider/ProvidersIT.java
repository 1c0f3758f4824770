package org.airouter.provider;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Fixtures;
import org.airouter.testing.LogCapture;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Poll;
import org.airouter.testing.RecordedRequest;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.UsageRows;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each provider kind end to end: the URL, auth header, query and extra headers the upstream sees, Anthropic's
 * translation and native passthrough, and the usage each one records. One mock plays every provider.
 */
@ExtendWith(ArquillianExtension.class)
class ProvidersIT {
  static final String KEY = "ar-test-key-providers-01";
  static final String AZURE_KEY = "az-upstream-secret";
  static final String ANTHROPIC_KEY = "sk-ant-upstream-secret";
  static final String RELAY_SECRET = "relay-header-secret-value";
  static final Duration PATIENCE = Duration.ofSeconds(10);

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  static final LogCapture logs = LogCapture.start();
  static UsageRows usage;

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings settings = RouterSettings.fresh(ProvidersIT.class).config(ConfigFiles.config()
        .route(route("azure", "exact", "gpt-4o").provider("azure").baseUrl(upstream.origin()).apiKey(AZURE_KEY)
            .deployments(Map.of("gpt-4o", "prod-4o")))
        .route(route("azure-v1", "exact", "gpt-4.1").provider("azure").baseUrl(upstream.origin() + "/openai/v1")
            .apiKey(AZURE_KEY))
        .route(route("gemini", "glob", "gemini-*").provider("gemini").baseUrl(upstream.origin() + "/v1beta/openai/")
            .apiKey("gemini-key"))
        .route(route("cloudflare", "glob", "@cf/*").provider("cloudflare")
            .baseUrl(upstream.origin() + "/client/v4/accounts/acc1/ai/v1").apiKey("cf-token"))
        .route(route("openrouter", "glob", "*/*").baseUrl(upstream.origin() + "/api/v1").apiKey("or-key")
            .headers(Map.of("HTTP-Referer", "https://example.com", "X-Relay-Auth", RELAY_SECRET))
            .query(Map.of("trace", "on")))
        .route(route("claude", "glob", "claude-*").provider("anthropic").baseUrl(upstream.origin())
            .apiKey(ANTHROPIC_KEY))
        .route(route("house-claude", "exact", "house").provider("anthropic").baseUrl(upstream.origin() + "/v1")
            .apiKey(ANTHROPIC_KEY).upstreamModel("claude-haiku-4-5"))
        .clientKey(clientKey("team", KEY)));
    String url = UsageRows.sharedH2Url(settings.dataDir());
    settings.set(RouterSettings.JDBC_URL, url).set(RouterSettings.JDBC_USER, "sa")
        .set(RouterSettings.USAGE_FLUSH_MS, 100).apply();
    usage = new UsageRows(url);
    return Deployments.router();
  }

  @ArquillianResource URL base;
  RouterClient client() { return RouterClient.at(base).bearer(KEY); }

  /** The usage record of the request that got this response (records are written in batches, off the request). */
  static Map<String, Object> recordOf(Response r) {
    String id = r.header("x-request-id");
    Map<String, Object> record = Poll.until(PATIENCE, () -> usage.records().stream()
        .filter(row -> id.equals(row.get("request_id"))).findFirst().orElse(null), found -> found != null);
    if (record == null) throw new AssertionError("no usage record for " + id);
    return record;
  }

  static int intOf(Map<String, Object> row, String column) { return ((Number) row.get(column)).intValue(); }

  static String chat(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  // ---- OpenAI-compatible kinds ----

  @Test void azureGoesToTheMappedDeploymentWithApiVersionAndApiKeyHeader() throws Exception {
    Response r = client().postJson("v1/chat/completions", chat("gpt-4o"));

    assertEquals(200, r.status(), r::text);
    RecordedRequest got = upstream.onlyCall();
    assertEquals("/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21", got.target());
    assertEquals(AZURE_KEY, got.header("api-key"));
    assertNull(got.header("authorization"), "Azure's key goes in api-key only");
    assertEquals(chat("gpt-4o"), got.text(), "the body passes through");
    assertEquals(5, intOf(recordOf(r), "prompt_tokens"));
  }

  @Test void azureV1FormKeepsItsPath() {
    assertEquals(200, client().postJson("v1/embeddings", "{\"model\":\"gpt-4.1\",\"input\":\"x\"}").status());
    assertEquals("/openai/v1/embeddings", upstream.onlyCall().target());
  }

  @Test void geminiAndCloudflareUseTheirOpenAiBasesWithBearer() {
    assertEquals(200, client().postJson("v1/chat/completions", chat("gemini-2.0-flash")).status());
    assertEquals(200, client().postJson("v1/chat/completions", chat("@cf/meta/llama-3.1-8b-instruct")).status());
    List<RecordedRequest> calls = upstream.calls();
    assertEquals("/v1beta/openai/chat/completions", calls.get(0).target());
    assertEquals("gemini-key", calls.get(0).bearer());
    assertEquals("/client/v4/accounts/acc1/ai/v1/chat/completions", calls.get(1).target());
    assertEquals("cf-token", calls.get(1).bearer());
  }

  @Test void relayGetsItsExtraHeadersAndQueryAndTheirValuesAreNeverLogged() {
    Response r = client().postJson("v1/chat/completions?x=1", chat("meta-llama/llama-3-8b"));

    assertEquals(200, r.status());
    RecordedRequest got = upstream.onlyCall();
    assertEquals("/api/v1/chat/completions?x=1&trace=on", got.target());
    assertEquals("https://example.com", got.header("http-referer"));
    assertEquals(RELAY_SECRET, got.header("x-relay-auth"));
    assertEquals("or-key", got.bearer());
    assertFalse(String.join("\n", logs.lines()).contains(RELAY_SECRET), "a header value may be a secret: never logged");
  }

  // ---- Anthropic: translation ----

  @Test void chatToAnAnthropicRouteIsTranslatedBothWaysAndCounted() throws Exception {
    upstream.replies(Reply.anthropicMessage("message-tools.json"));

    Response r = client().postJson("v1/chat/completions", """
        {"model":"claude-sonnet-4-5","messages":[{"role":"system","content":"S"},{"role":"user","content":"hi"}],
         "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""");

    assertEquals(200, r.status(), r::text);
    RecordedRequest got = upstream.onlyCall();
    assertEquals("/v1/messages", got.target());
    assertEquals(ANTHROPIC_KEY, got.header("x-api-key"));
    assertEquals("2023-06-01", got.header("anthropic-version"));
    assertNull(got.header("authorization"));
    JsonObject sent = got.json();
    assertEquals("S", sent.getString("system"));
    assertEquals(4096, sent.getInt("max_tokens"));
    assertEquals("get_weather", sent.getJsonArray("tools").getJsonObject(0).getString("name"));

    JsonObject answer = r.json();
    assertEquals("chat.completion", answer.getString("object"));
    assertEquals("tool_calls", answer.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
    assertEquals(2, answer.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getJsonArray("tool_calls").size());
    assertEquals(r.text().length(), Integer.parseInt(r.header("content-length")), "the length of the translated body");
    Map<String, Object> row = recordOf(r);
    assertEquals(420, intOf(row, "prompt_tokens"), "input + cache reads + cache writes");
    assertEquals(50, intOf(row, "completion_tokens"));
    assertEquals(300, intOf(row, "cached_tokens"));
  }

  @Test void routeRewriteAppliesToTheTranslatedBody() {
    upstream.replies(Reply.anthropicMessage("message-text.json"));
    assertEquals(200, client().postJson("v1/chat/completions", chat("house")).status());
    assertEquals("claude-haiku-4-5", upstream.onlyCall().json().getString("model"));
    assertEquals("/v1/messages", upstream.onlyCall().path(), "a base URL with /v1 gives no /v1/v1");
  }

  @Test void translatedStreamHidesUsageUnlessAskedButCountsIt() throws Exception {
    upstream.replies(Reply.anthropicStream("text.sse"));

    Response r = client().postJson("v1/chat/completions",
        "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertEquals(200, r.status());
    assertTrue(r.header("content-type").startsWith("text/event-stream"));
    assertTrue(r.text().endsWith("data: [DONE]\n\n"), r::text);
    assertTrue(r.text().contains("\n\n: keep-alive\n\n"), "Anthropic's ping is passed on as an SSE comment");
    assertFalse(r.text().contains("\"usage\""), r::text);
    assertTrue(upstream.onlyCall().json().getBoolean("stream"));
    Map<String, Object> row = recordOf(r);
    assertEquals(35, intOf(row, "prompt_tokens"));
    assertEquals(12, intOf(row, "completion_tokens"));
  }

  @Test void anthropicOverloadedIs503WithRetryAfterInOpenAiShape() throws Exception {
    // Retried on the route's only target up to maxAttempts (see Failover); the last 529 is the answer.
    upstream.always(Reply.anthropicError(529, "overloaded_error", "Overloaded"));

    Response r = client().postJson("v1/chat/completions", chat("claude-sonnet-4-5"));

    assertEquals(503, r.status());
    assertTrue(r.header("retry-after").matches("[1-9][0-9]*"), r.header("retry-after"));
    assertEquals("false", r.header("x-should-retry"));
    assertEquals(3, upstream.calls().size());
    JsonObject error = r.json().getJsonObject("error");
    assertEquals("server_error", error.getString("type"));
    assertEquals("Overloaded", error.getString("message"));
    assertEquals("overloaded", recordOf(r).get("error_code"));
  }

  @Test void anthropicErrorsTakeTheirOpenAiStatus() {
    // (A 401 is the route's key, not the client's: anUpstream401OnATranslatedChatIsTheRoutesFailure.)
    upstream.always(Reply.anthropicError(429, "rate_limit_error", "slow down, key " + ANTHROPIC_KEY));
    Response r = client().postJson("v1/chat/completions", chat("claude-sonnet-4-5"));
    assertEquals(429, r.status());
    assertEquals("rate_limit_error", r.json().getJsonObject("error").getString("type"));
    assertFalse(r.text().contains(ANTHROPIC_KEY), "the provider key never reaches the client");
  }

  @Test void whatAnthropicCannotDoIsRefusedBeforeAnyCall() {
    Response r = client().postJson("v1/chat/completions",
        "{\"model\":\"claude-sonnet-4-5\",\"n\":3,\"messages\":[]}");
    assertEquals(400, r.status());
    assertEquals("n", r.json().getJsonObject("error").getString("param"));
    Response embeddings = client().postJson("v1/embeddings", "{\"model\":\"claude-sonnet-4-5\",\"input\":\"x\"}");
    assertEquals(400, embeddings.status());
    assertEquals("unsupported_endpoint", embeddings.json().getJsonObject("error").getString("code"));
    assertEquals("The model 'claude-sonnet-4-5' is served by a route of provider anthropic, which does not serve"
        + " /v1/embeddings.", embeddings.json().getJsonObject("error").getString("message"));
    assertEquals(List.of(), upstream.calls());
  }

  // ---- Anthropic: native ingress ----

  @Test void messagesFromAnAnthropicClientPassThroughUntouched() throws Exception {
    upstream.replies(Reply.anthropicMessage("message-text.json"));
    String body = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    Response r = RouterClient.at(base).xApiKey(KEY).header("anthropic-version", "2023-06-01")
        .header("anthropic-beta", "prompt-caching-2024-07-31").postJson("v1/messages", body);

    assertEquals(200, r.status());
    assertEquals(Fixtures.text("anthropic/message-text.json"), r.text(), "the answer is Anthropic's, byte for byte");
    RecordedRequest got = upstream.onlyCall();
    assertEquals("/v1/messages", got.target());
    assertEquals(body, got.text(), "the request is the client's, byte for byte");
    assertEquals(ANTHROPIC_KEY, got.header("x-api-key"), "the client's router key is replaced by the provider's");
    assertEquals("prompt-caching-2024-07-31", got.header("anthropic-beta"));
    Map<String, Object> row = recordOf(r);
    assertEquals(8, intOf(row, "prompt_tokens"));
    assertEquals(16, intOf(row, "completion_tokens"));
  }

  @Test void messagesStreamPassesThroughAndItsUsageIsCounted() throws Exception {
    upstream.replies(Reply.anthropicStream("tools.sse"));

    Response r = RouterClient.at(base).bearer(KEY).postJson("v1/messages",
        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,\"messages\":[]}");

    assertEquals(200, r.status());
    StringBuilder expected = new StringBuilder();
    for (String event : Fixtures.text("anthropic/tools.sse").split("\n\n")) {
      if (!event.isBlank()) expected.append(event.strip()).append("\n\n");
    }
    assertEquals(expected.toString(), r.text());
    Map<String, Object> row = recordOf(r);
    assertEquals(400, intOf(row, "prompt_tokens"));
    assertEquals(89, intOf(row, "completion_tokens"));
  }

  @Test void countTokensPassesThrough() {
    upstream.replies(Reply.json("{\"input_tokens\":14}"));
    Response r = RouterClient.at(base).xApiKey(KEY).postJson("v1/messages/count_tokens",
        "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}");
    assertEquals(200, r.status());
    assertEquals("{\"input_tokens\":14}", r.text());
    assertEquals("/v1/messages/count_tokens", upstream.onlyCall().target());
  }

  @Test void countTokensErrorsAreInAnthropicsShape() {
    // Each failure for every attempt (a reset after sending is not retried; a 401 and a 429 are, up to maxAttempts).
    String body = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}";
    upstream.always(Reply.reset());
    Response unreachable = RouterClient.at(base).xApiKey(KEY).postJson("v1/messages/count_tokens", body);
    upstream.always(Reply.anthropicError(401, "authentication_error", "invalid x-api-key"));
    Response badProviderKey = RouterClient.at(base).xApiKey(KEY).postJson("v1/messages/count_tokens", body);
    upstream.always(Reply.anthropicError(429, "rate_limit_error", "Slow down"));
    Response limited = RouterClient.at(base).xApiKey(KEY).postJson("v1/messages/count_tokens", body);
    Response unrouted = RouterClient.at(base).xApiKey(KEY).postJson("v1/messages/count_tokens",
        "{\"model\":\"nobody-serves-this\",\"messages\":[]}");

    assertAnthropicError(unreachable, 502, "api_error");
    assertAnthropicError(badProviderKey, 502, "api_error");
    assertTrue(badProviderKey.json().getJsonObject("error").getString("message").contains("route 'claude'"),
        badProviderKey::text);
    assertEquals("false", badProviderKey.header("x-should-retry"));
    assertAnthropicError(limited, 429, "rate_limit_error");
    assertAnthropicError(unrouted, 404, "not_found_error");
  }

  @Test void anUpstream401OnATranslatedChatIsTheRoutesFailure() {
    upstream.always(Reply.anthropicError(401, "authentication_error", "invalid x-api-key"));

    Response r = client().postJson("v1/chat/completions", chat("claude-sonnet-4-5"));

    assertEquals(502, r.status(), r::text);
    assertEquals("upstream_auth_failed", r.json().getJsonObject("error").getString("code"));
    assertEquals("false", r.header("x-should-retry"));
  }

  static void assertAnthropicError(Response r, int status, String type) {
    assertEquals(status, r.status(), r::text);
    assertEquals("error", r.json().getString("type"), r::text);
    assertEquals(type, r.json().getJsonObject("error").getString("type"), r::text);
  }

  @Test void messagesErrorsAreInAnthropicsShape() {
    upstream.always(Reply.anthropicError(529, "overloaded_error", "Overloaded"));
    Response overloaded = RouterClient.at(base).xApiKey(KEY).postJson("v1/messages", "{\"model\":\"claude-x\",\"messages\":[]}");
    assertEquals(529, overloaded.status(), "an Anthropic client knows 529");
    assertEquals("overloaded_error", overloaded.json().getJsonObject("error").getString("type"));

    Response badKey = RouterClient.at(base).xApiKey("ar-wrong-key-000000").postJson("v1/messages", "{\"model\":\"claude-x\"}");
    assertEquals(401, badKey.status());
    assertEquals("error", badKey.json().getString("type"));
    assertEquals("authentication_error", badKey.json().getJsonObject("error").getString("type"));

    Response notAnthropic = RouterClient.at(base).xApiKey(KEY).postJson("v1/messages", chat("gpt-4o"));
    assertEquals(400, notAnthropic.status());
    assertEquals("invalid_request_error", notAnthropic.json().getJsonObject("error").getString("type"));
  }
}
