package org.airouter.proxy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongPredicate;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.Poll;
import org.airouter.testing.RawHttp;
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
 * Issue 14: 260 clients announcing 4 MiB bodies and sending nothing ran Tomcat out of heap for good. Here the router
 * holds memory only for bytes that arrived, within one budget (small here, 8 MiB), answers 408 to a body that stalls
 * and gives the memory back on every ending; what it holds is read from its own gauges on /metrics.
 */
@ExtendWith(ArquillianExtension.class)
class RequestBodyLimitsIT {
  static final String KEY = "ar-test-key-body-limits";
  static final String METRICS_TOKEN = "metrics-body-limits";
  static final int MIB = 1024 * 1024;
  static final long BUDGET = 8L * MIB;
  static final long IDLE_MS = 10_000;   // long enough to see 200 clients waiting at once on a busy machine
  static final Duration SETTLE = Duration.ofSeconds(40);

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi().keepBodiesUpTo(4096);

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(RequestBodyLimitsIT.class).config(ConfigFiles.config()
            .route(route("mini", "exact", "gpt-4o-mini").at(upstream))
            .route(route("audio", "glob", "whisper-*").at(upstream))
            .clientKey(clientKey("team", KEY)))
        .set(RouterSettings.METRICS_TOKEN, METRICS_TOKEN)
        .set(RouterSettings.BODY_IDLE_TIMEOUT_MS, IDLE_MS)
        .set(RouterSettings.BODY_MEMORY_BUDGET_BYTES, BUDGET)
        .set(RouterSettings.BODY_MEMORY_BYTES, 256 * 1024)
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  RouterClient client() { return RouterClient.at(base).bearer(KEY); }

  @Test void twoHundredAnnouncedBodiesThatNeverArriveHoldNoMemoryAndTheRouterServesOthers() throws Exception {
    List<RawHttp> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) idle.add(announce(4 * MIB, "application/json"));   // 800 MiB announced
      awaitGauge("airouter_request_bodies_reading", n -> n >= 200);

      assertEquals(0, gauge("airouter_request_body_memory_bytes"), "nothing allocated for bytes that never came");
      Response chat = client().postJson("v1/chat/completions",
          "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertEquals(200, chat.status(), chat::toString);
      byte[] upload = multipart("whisper-1", 3 * MIB);
      Response audio = client().send("POST", "v1/audio/transcriptions", "multipart/form-data; boundary=lim1ts", upload);
      assertEquals(200, audio.status(), audio::toString);
      assertEquals(upload.length, upstream.lastRequest().size(), "the upload arrived whole");
    } finally {
      for (RawHttp c : idle) c.close();
    }
    awaitGauge("airouter_request_bodies_reading", n -> n == 0);
    assertEquals(0, gauge("airouter_request_body_memory_bytes"));
  }

  @Test void aBodyThatStallsIs408AndItsMemoryIsGivenBack() throws Exception {
    try (RawHttp stalled = announce(MIB, "application/json")) {
      stalled.write(jsonPrefix(100_000));
      awaitGauge("airouter_request_body_memory_bytes", n -> n >= 100_000);

      HttpWire.Head head = stalled.readHead();   // no more bytes: the idle timeout answers

      assertEquals(408, head.status());
      JsonObject error = OpenAiErrors.shape(Json.createReader(new StringReader(new String(
          stalled.body(head).readAllBytes(), StandardCharsets.UTF_8))).readObject(), "408");
      assertEquals("request_timeout", OpenAiErrors.field(error, "code"));
    }
    awaitGauge("airouter_request_body_memory_bytes", n -> n == 0);
  }

  @Test void aClientThatHangsUpMidBodyGivesItsMemoryBack() throws Exception {
    RawHttp gone = announce(2 * MIB, "application/json");
    gone.write(jsonPrefix(300_000));
    awaitGauge("airouter_request_body_memory_bytes", n -> n >= 300_000);

    gone.reset();

    awaitGauge("airouter_request_body_memory_bytes", n -> n == 0);
    awaitGauge("airouter_request_bodies_reading", n -> n == 0);
  }

  @Test void jsonOverTheBudgetIs503WithRetryAfterWhileUploadsGoToDisk() throws Exception {
    try (RawHttp holder = announce(7 * MIB, "application/json")) {
      holder.write(jsonPrefix(5 * MIB));   // its array grows to the announced 7 MiB of the 8 MiB budget
      awaitGauge("airouter_request_body_memory_bytes", n -> n >= 5 * MIB);

      String big = "{\"model\":\"gpt-4o-mini\",\"input\":\"" + "x".repeat(2 * MIB) + "\"}";
      Response busy = client().postJson("v1/chat/completions", big);
      JsonObject error = OpenAiErrors.expect(busy, 503);
      assertEquals("server_busy", OpenAiErrors.field(error, "code"));
      assertEquals("1", busy.header("retry-after"));
      assertTrue(gauge("airouter_request_body_memory_bytes") <= BUDGET);

      byte[] upload = multipart("whisper-1", 3 * MIB);
      Response audio = client().send("POST", "v1/audio/transcriptions", "multipart/form-data; boundary=lim1ts", upload);
      assertEquals(200, audio.status(), audio::toString);
      assertEquals(upload.length, upstream.lastRequest().size());
    }
    awaitGauge("airouter_request_body_memory_bytes", n -> n == 0);
  }

  private RawHttp announce(int length, String contentType) throws IOException {
    return RawHttp.connect(base).sendHead("POST", base.getPath() + "v1/chat/completions", Headers.of(
        "Authorization", "Bearer " + KEY, "Content-Type", contentType, "Content-Length", Integer.toString(length)));
  }

  private static byte[] jsonPrefix(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 'a');
    byte[] head = "{\"model\":\"gpt-4o-mini\",\"input\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, bytes, 0, head.length);
    return bytes;
  }

  private static byte[] multipart(String model, int fileBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("--lim1ts\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    byte[] audio = new byte[fileBytes];
    new Random(fileBytes).nextBytes(audio);
    out.writeBytes(audio);
    out.writeBytes(("\r\n--lim1ts\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model
        + "\r\n--lim1ts--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private long gauge(String name) {
    Response metrics = RouterClient.at(base).bearer(METRICS_TOKEN).get("metrics");
    assertEquals(200, metrics.status(), metrics::toString);
    for (String line : metrics.text().split("\n")) {
      if (line.startsWith(name + " ")) return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
    }
    throw new AssertionError(name + " is not on /metrics");
  }

  /** Waits for a gauge to satisfy the condition; fails with its last value after {@link #SETTLE}. */
  private void awaitGauge(String name, LongPredicate condition) {
    long value = Poll.until(SETTLE, () -> gauge(name), condition::test);
    if (!condition.test(value)) throw new AssertionError(name + " stayed at " + value);
  }
}
