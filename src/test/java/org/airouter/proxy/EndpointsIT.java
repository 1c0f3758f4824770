package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
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
 * The endpoints beyond chat: images, audio (multipart in, binary or SSE out), moderations and the Responses API, each
 * routed by its model (the provider key the mock sees tells which route served it).
 */
@ExtendWith(ArquillianExtension.class)
class EndpointsIT {
  static final String KEY = "ar-test-key-endpoints-1";
  static final Duration PATIENCE = Duration.ofSeconds(10);

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  static UsageRows usage;

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings settings = RouterSettings.fresh(EndpointsIT.class).config(ConfigFiles.config()
        .route(route("images", "glob", "gpt-image-*").at(upstream).apiKey("sk-images"))
        .route(route("audio", "glob", "whisper-*").at(upstream).apiKey("sk-audio"))
        .route(route("speech", "glob", "tts-*").at(upstream).apiKey("sk-speech"))
        .route(route("moderation", "keyword", "moderation").at(upstream).apiKey("sk-moderation"))
        .route(route("gpt", "glob", "gpt-*").at(upstream).apiKey("sk-gpt"))
        .clientKey(clientKey("team", KEY)));
    String url = UsageRows.sharedH2Url(settings.dataDir());
    settings.set(RouterSettings.JDBC_URL, url).set(RouterSettings.JDBC_USER, "sa")
        .set(RouterSettings.USAGE_FLUSH_MS, 100).set(RouterSettings.BODY_MEMORY_BYTES, 64 * 1024).apply();
    usage = new UsageRows(url);
    return Deployments.router();
  }

  @ArquillianResource URL base;

  RouterClient client() { return RouterClient.at(base).bearer(KEY); }

  /** A multipart/form-data body: a file part, then the model field after it (the harder order to route). */
  static byte[] multipart(String boundary, String fileName, byte[] file, String model, Map<String, String> fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(file);
    StringBuilder tail = new StringBuilder("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
        + model + "\r\n");
    fields.forEach((k, v) -> tail.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
        .append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
    tail.append("--").append(boundary).append("--\r\n");
    out.writeBytes(tail.toString().getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static byte[] noise(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test void imageGenerationsRouteByModel() {
    Response r = client().postJson("v1/images/generations", "{\"model\":\"gpt-image-1\",\"prompt\":\"a cat\"}");
    assertEquals(200, r.status());
    RecordedRequest got = upstream.onlyCall();
    assertEquals("/v1/images/generations", got.target());
    assertEquals("sk-images", got.bearer());
  }

  @Test void imageEditsMultipartArriveByteForByte() {
    byte[] body = multipart("b0undary", "cat.png", noise(300_000), "gpt-image-1", Map.of("prompt", "a hat"));
    Response r = client().send("POST", "v1/images/edits", "multipart/form-data; boundary=b0undary", body);
    assertEquals(200, r.status(), r::text);
    RecordedRequest got = upstream.onlyCall();
    assertEquals("/v1/images/edits", got.path());
    assertEquals("sk-images", got.bearer());
    assertEquals("multipart/form-data; boundary=b0undary", got.header("content-type"));
    assertArrayEquals(body, got.body());
  }

  @Test void transcriptionsAndTranslationsAreMultipartAndStreamTheirEvents() {
    upstream.replies(Reply.events("""
        event: transcript.text.delta
        data: {"type":"transcript.text.delta","delta":"Hel"}

        event: transcript.text.delta
        data: {"type":"transcript.text.delta","delta":"lo"}

        event: transcript.text.done
        data: {"type":"transcript.text.done","text":"Hello","usage":{"type":"tokens","input_tokens":14,"output_tokens":2,"total_tokens":16}}
        """).every(Duration.ofMillis(20)));
    byte[] audio = multipart("xyz", "a.wav", noise(200_000), "whisper-1", Map.of("stream", "true"));

    Response r = client().send("POST", "v1/audio/transcriptions", "multipart/form-data; boundary=xyz", audio);

    assertEquals(200, r.status());
    assertTrue(r.text().contains("\"delta\":\"lo\""), r::text);
    assertEquals("sk-audio", upstream.onlyCall().bearer());
    assertArrayEquals(audio, upstream.onlyCall().body());

    upstream.reset();
    Response t = client().send("POST", "v1/audio/translations", "multipart/form-data; boundary=xyz", audio);
    assertEquals(200, t.status());
    assertEquals("/v1/audio/translations", upstream.onlyCall().path());
  }

  @Test void speechIsBinaryAndArrivesWhole() {
    byte[] mp3 = noise(500_000);
    upstream.replies(Reply.bytes(200, "audio/mpeg", mp3));

    Response r = client().postJson("v1/audio/speech", "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\"}");

    assertEquals(200, r.status());
    assertEquals("audio/mpeg", r.header("content-type"));
    assertArrayEquals(mp3, r.body());
    assertEquals("sk-speech", upstream.onlyCall().bearer());
  }

  @Test void moderationsRouteByModel() {
    Response r = client().postJson("v1/moderations", "{\"model\":\"omni-moderation-latest\",\"input\":\"x\"}");
    assertEquals(200, r.status());
    assertEquals("sk-moderation", upstream.onlyCall().bearer());
    assertEquals("/v1/moderations", upstream.onlyCall().path());
  }

  @Test void responsesStreamItsEventsUntouchedAndItsUsageIsCounted() throws Exception {
    String events = """
        event: response.created
        data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","usage":null}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}

        event: response.completed
        data: {"type":"response.completed","sequence_number":2,"response":{"id":"resp_1","object":"response","status":"completed","usage":{"input_tokens":11,"input_tokens_details":{"cached_tokens":0},"output_tokens":7,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":18}}}
        """;
    upstream.replies(Reply.events(events));

    Response r = client().postJson("v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"stream\":true}");

    assertEquals(200, r.status());
    StringBuilder expected = new StringBuilder();
    for (String event : events.split("\n\n")) if (!event.isBlank()) expected.append(event.strip()).append("\n\n");
    assertEquals(expected.toString(), r.text(), "the events arrive as sent");
    assertEquals("{\"model\":\"gpt-4o\",\"input\":\"hi\",\"stream\":true}", upstream.onlyCall().text(),
        "no usage request is added to a Responses call: its last event carries the usage anyway");
    Map<String, Object> row = recordOf(r);
    assertEquals(11, ((Number) row.get("prompt_tokens")).intValue());
    assertEquals(7, ((Number) row.get("completion_tokens")).intValue());
  }

  @Test void wrongMethodOnANamedEndpointIs405() {
    Response r = client().get("v1/audio/speech");
    assertEquals(405, r.status());
    assertEquals("POST", r.header("allow"));
  }

  static Map<String, Object> recordOf(Response r) {
    String id = r.header("x-request-id");
    Map<String, Object> record = Poll.until(PATIENCE, () -> usage.records().stream()
        .filter(row -> id.equals(row.get("request_id"))).findFirst().orElse(null), found -> found != null);
    if (record == null) throw new AssertionError("no usage record for " + id);
    return record;
  }
}
