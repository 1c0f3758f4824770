package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.UsageRows;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upstream that echoes the route's secrets (the provider key, a header's value, a query value) in every field of
 * its errors, plainly and JSON-escaped, whole and mid-stream, OpenAI- and Anthropic-shaped: neither the client nor
 * the usage rows see any of it. The key is not key-shaped, so only the value rule can find it.
 */
@ExtendWith(ArquillianExtension.class)
class SecretRedactionIT {
  static final String KEY = "ar-test-key-redaction-01";
  static final String PROVIDER_KEY = "prov-7Hq2LmX9vB4nT8wZ5cR1";
  /** The provider key as JSON may carry it: its first letter escaped. Decoded, it is the key. */
  static final String ESCAPED_KEY = "\\u0070rov-7Hq2LmX9vB4nT8wZ5cR1";
  static final String HEADER_SECRET = "tenant-0f9e8d7c6b5a4938";
  static final String QUERY_SECRET = "Zk3r9Qw8Lp2Mn7Bv5Xc1Yt6";
  static final List<String> TRACES = List.of("7Hq2LmX9", "vB4nT8wZ5cR1", HEADER_SECRET, QUERY_SECRET);
  static final Duration PATIENCE = Duration.ofSeconds(10);

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  static UsageRows usage;

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings settings = RouterSettings.fresh(SecretRedactionIT.class).config(ConfigFiles.config()
        .route(route("leaky", "glob", "gpt-*").at(upstream).apiKey(PROVIDER_KEY)
            .headers(Map.of("X-Tenant-Token", HEADER_SECRET)).query(Map.of("sig", QUERY_SECRET)))
        .route(route("claude", "glob", "claude-*").provider("anthropic").baseUrl(upstream.origin())
            .apiKey(PROVIDER_KEY))
        .clientKey(clientKey("team", KEY)));
    String url = UsageRows.sharedH2Url(settings.dataDir());
    settings.set(RouterSettings.JDBC_URL, url).set(RouterSettings.JDBC_USER, "sa")
        .set(RouterSettings.USAGE_FLUSH_MS, 100).apply();
    usage = new UsageRows(url);
    return Deployments.router();
  }

  @ArquillianResource URL base;
  int before;

  @BeforeEach void countExisting() { before = usage.records().size(); }

  RouterClient client() { return RouterClient.at(base).bearer(KEY); }

  /** Every field of an OpenAI error, each echoing a secret, the key escaped in two of them. */
  static String openAiErrorEchoingSecrets() {
    return "{\"error\":{\"message\":\"Incorrect API key provided: " + PROVIDER_KEY + " (tenant " + HEADER_SECRET
        + ", sig " + QUERY_SECRET + ")\",\"type\":\"" + ESCAPED_KEY + "\",\"param\":\"" + HEADER_SECRET
        + "\",\"code\":\"" + ESCAPED_KEY + "\"}}";
  }

  static String anthropicErrorEchoingSecrets() {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + ESCAPED_KEY + "\",\"message\":\"invalid x-api-key "
        + ESCAPED_KEY + "\"}}";
  }

  static void assertNoTrace(String what, String text) {
    for (String trace : TRACES) assertFalse(text.contains(trace), what + " holds " + trace + ": " + text);
  }

  /** The usage rows written since the test began, all columns, as one text. */
  String newUsageRows(int expected) throws InterruptedException {
    List<Map<String, Object>> rows = usage.awaitRecords(before + expected, PATIENCE);
    assertEquals(before + expected, rows.size(), () -> "usage rows: " + rows);
    return rows.subList(before, rows.size()).toString();
  }

  @Test void anOpenAiErrorEchoingSecretsInEveryFieldReachesNeitherClientNorUsageRow() throws Exception {
    upstream.replies(Reply.json(400, openAiErrorEchoingSecrets()));

    Response r = client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");

    assertEquals(400, r.status());
    assertNoTrace("the response", r.text());
    JsonObject error = r.json().getJsonObject("error");
    for (String field : List.of("message", "type", "param", "code")) {
      assertTrue(error.getString(field).contains("[redacted]"), field + ": " + error);
    }
    String rows = newUsageRows(1);
    assertNoTrace("the usage row", rows);
    assertTrue(rows.contains("error_code=[redacted]"), rows);
  }

  @Test void aMidStreamErrorFrameIsRedacted() throws Exception {
    upstream.replies(Reply.sse("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"Hi\"}}]}", openAiErrorEchoingSecrets()));

    Response r = client().postJson("v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}");

    assertEquals(200, r.status());
    assertTrue(r.text().contains("\"content\":\"Hi\""), r.text());
    assertTrue(r.text().contains("[redacted]"), r.text());
    assertNoTrace("the stream", r.text());
    assertNoTrace("the usage row", newUsageRows(1));
  }

  @Test void anAnthropicErrorIsRedactedTranslatedAndNative() throws Exception {
    upstream.replies(Reply.json(400, anthropicErrorEchoingSecrets()), Reply.json(400, anthropicErrorEchoingSecrets()));

    Response translated = client().postJson("v1/chat/completions", "{\"model\":\"claude-x\",\"messages\":[]}");
    Response nativeCall = client().postJson("v1/messages", "{\"model\":\"claude-x\",\"max_tokens\":8,\"messages\":[]}");

    assertEquals(400, translated.status());
    assertNoTrace("the translated error", translated.text());
    assertTrue(translated.json().getJsonObject("error").getString("message").contains("[redacted]"));
    assertEquals(400, nativeCall.status());
    assertNoTrace("the native error", nativeCall.text());
    assertEquals("[redacted]", nativeCall.json().getJsonObject("error").getString("type"));
    assertNoTrace("the usage rows", newUsageRows(2));
  }

  @Test void anAnthropicStreamErrorEventIsRedactedTranslatedAndNative() throws Exception {
    String events = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":"
        + "\"claude-x\",\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n"
        + "event: error\ndata: " + anthropicErrorEchoingSecrets() + "\n\n";
    upstream.replies(Reply.events(events), Reply.events(events));

    Response translated = client().postJson("v1/chat/completions",
        "{\"model\":\"claude-x\",\"stream\":true,\"messages\":[]}");
    Response nativeCall = client().postJson("v1/messages",
        "{\"model\":\"claude-x\",\"max_tokens\":8,\"stream\":true,\"messages\":[]}");

    assertTrue(translated.text().contains("[redacted]"), translated.text());
    assertNoTrace("the translated stream", translated.text());
    assertTrue(nativeCall.text().contains("event: error"), nativeCall.text());
    assertNoTrace("the native stream", nativeCall.text());
    assertNoTrace("the usage rows", newUsageRows(2));
  }
}
