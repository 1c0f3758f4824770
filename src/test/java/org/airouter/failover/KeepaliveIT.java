package org.airouter.failover;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.URL;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.TimeBound;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, item 7, end to end: a held stream with no content for {@code keepaliveAfterMs} (300 ms here) gets its 200
 * and a keepalive frame, then one every {@code airouter.keepalive-interval-ms} (200 ms here, on the watchdog's
 * quarter-second tick), and stays retryable until its first content. Read raw (the frames themselves) and through the
 * official OpenAI and Anthropic SDKs, which must parse such streams. Each test has its own route.
 */
@ExtendWith(ArquillianExtension.class)
class KeepaliveIT {
  static final long FIRST_TOKEN_MS = 1200;   // first-token-deadline's; its timing assert derives from it
  static final String KEY = "ar-test-key-keepalive-01";

  @RegisterExtension static MockUpstream a = MockUpstream.openAi();
  @RegisterExtension static MockUpstream b = MockUpstream.openAi();

  /** A chat chunk with the role and no content (not a commit point), marked as a's so the test can look for it. */
  static final String A_ROLE = "{\"id\":\"from-a\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
      + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}";
  static final String OVERLOADED = "{\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\"}}";

  static String route(String name, String provider, String baseA, String baseB, String extra) {
    return "{\"name\":\"" + name + "\",\"match\":\"exact\",\"pattern\":\"" + name + "\",\"keepaliveAfterMs\":300"
        + extra + ",\"targets\":["
        + "{\"name\":\"a\",\"provider\":\"" + provider + "\",\"baseUrl\":\"" + baseA + "\",\"apiKey\":\"sk-a\",\"priority\":0},"
        + "{\"name\":\"b\",\"provider\":\"" + provider + "\",\"baseUrl\":\"" + baseB + "\",\"apiKey\":\"sk-b\",\"priority\":1}]}";
  }

  static String openAiRoute(String name, String extra) { return route(name, "openai", a.baseUrl(), b.baseUrl(), extra); }

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(KeepaliveIT.class).config(ConfigFiles.config()
        .rawRoute(openAiRoute("slow-first-token", ""))
        .rawRoute(openAiRoute("open-then-overloaded", ""))
        .rawRoute(openAiRoute("open-then-overloaded-sdk", ""))
        .rawRoute(openAiRoute("all-fail-after-keepalive", ""))
        .rawRoute(openAiRoute("first-token-deadline", ",\"retryOnTimeout\":true,\"timeouts\":{\"firstTokenMs\":" + FIRST_TOKEN_MS + "}"))
        .rawRoute(route("claude-slow", "anthropic", a.origin(), b.origin(), ""))
        .rawRoute(route("claude-slow-sdk", "anthropic", a.origin(), b.origin(), ""))
        .clientKey(clientKey("keepalive", KEY)))
        .set(RouterSettings.KEEPALIVE_INTERVAL_MS, 200).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  static String chat(String model) { return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[]}"; }

  Response raw(String model) { return RouterClient.at(base).bearer(KEY).postJson("v1/chat/completions", chat(model)); }

  String viaOpenAiSdk(String model) {
    OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey(KEY)
        .timeout(Duration.ofSeconds(30)).build();
    try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(
             ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").build())) {
      return stream.stream().flatMap(chunk -> chunk.choices().stream())
          .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
    } finally {
      openai.close();
    }
  }

  static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) n++;
    return n;
  }

  /** The body before its first data line: the keepalives, if any. */
  static String beforeData(String text) {
    int i = text.indexOf("data:");
    return i < 0 ? text : text.substring(0, i);
  }

  @Test void aSlowFirstTokenGetsKeepalivesAndTheOpenAiSdkReadsTheWholeAnswer() {
    a.always(Reply.stream("Hel", "lo").firstAfter(Duration.ofMillis(1500)));
    b.always(Reply.stream("never"));

    Response r = raw("slow-first-token");

    assertEquals(200, r.status(), r::text);
    assertTrue(r.header("content-type").startsWith("text/event-stream"), r.header("content-type"));
    assertTrue(count(beforeData(r.text()), ": keepalive\n\n") >= 2, r::text);
    assertEquals(": keepalive\n\n".repeat(count(beforeData(r.text()), ": keepalive")), beforeData(r.text()),
        "nothing but keepalives before the answer");
    assertEquals(1, count(r.text(), "\"role\":\"assistant\""), "the answer's own frames, once");
    assertEquals("Hello", viaOpenAiSdk("slow-first-token"));
    assertEquals(0, b.calls().size());
  }

  @Test void aStreamThatFailsBeforeContentAfterKeepalivesContinuesWithTheNextTargetAsOneCleanStream() {
    a.always(Reply.sse(A_ROLE, OVERLOADED).firstAfter(Duration.ofMillis(50)).every(Duration.ofMillis(1200)));
    b.always(Reply.stream("Hel", "lo", " from b").every(Duration.ofMillis(20)));

    Response r = raw("open-then-overloaded");

    assertEquals(200, r.status(), r::text);
    assertTrue(count(beforeData(r.text()), ": keepalive") >= 2, r::text);
    assertFalse(r.text().contains("from-a"), "nothing of the failed attempt reaches the client: " + r.text());
    assertFalse(r.text().contains("Overloaded"), r::text);
    assertEquals(1, count(r.text(), "\"role\":\"assistant\""), r::text);
    assertTrue(r.text().endsWith("data: [DONE]\n\n"), r::text);
    // Each route's target health is its own: the SDK's request meets a as the raw one did.
    assertEquals("Hello from b", viaOpenAiSdk("open-then-overloaded-sdk"));
    assertEquals(2, a.calls().size());
    assertEquals(2, b.calls().size());
  }

  @Test void whenEveryAttemptFailsAfterTheKeepalivesTheStreamEndsWithAnErrorFrame() {
    a.always(Reply.sse(A_ROLE, OVERLOADED).every(Duration.ofMillis(700)));
    b.always(Reply.sse(A_ROLE.replace("from-a", "from-b"), OVERLOADED).every(Duration.ofMillis(700)));

    Response r = raw("all-fail-after-keepalive");

    assertEquals(200, r.status(), "the 200 went out with the first keepalive: " + r.text());
    assertTrue(r.text().startsWith(": keepalive\n\n"), r::text);
    assertFalse(r.text().contains("from-a") || r.text().contains("from-b"), r::text);
    String last = r.text().substring(r.text().lastIndexOf("data: "));
    assertTrue(last.startsWith("data: {\"error\":{") && last.endsWith("\n\n"), "a last error frame: " + r.text());
    assertEquals(1, count(r.text(), "\"error\""), r::text);
    assertTrue(a.calls().size() >= 1 && b.calls().size() >= 1, "both targets tried after the stream was open");
  }

  @Test void keepalivesDoNotStopTheFirstTokenTimeout() {
    // a's first token comes a second after the bound: within the bound, only the first-token timeout can have ended a.
    Duration bound = TimeBound.ofMillis(FIRST_TOKEN_MS);
    a.always(Reply.stream("late").firstAfter(bound.plusSeconds(1)));
    b.always(Reply.stream("Hel", "lo"));

    long start = System.nanoTime();
    Response r = raw("first-token-deadline");

    assertEquals(200, r.status(), r::text);
    assertTrue(r.text().startsWith(": keepalive\n\n"), r::text);
    assertFalse(r.text().contains("late"), r::text);
    assertTrue(r.text().contains("\"content\":\"Hel\""), r::text);
    assertTrue(System.nanoTime() - start < bound.toNanos(), "a cancelled at its first-token timeout");
    assertEquals(1, a.calls().size());
    assertEquals(1, b.calls().size());
  }

  @Test void messagesGetPingEventsAndTheAnthropicSdkSeesOneCleanStream() {
    a.always(Reply.anthropicStream("overloaded-before-content.sse").every(Duration.ofMillis(400)));
    b.always(Reply.anthropicStream("text.sse"));

    Response r = RouterClient.at(base).xApiKey(KEY).header("anthropic-version", "2023-06-01").postJson("v1/messages",
        "{\"model\":\"claude-slow\",\"max_tokens\":64,\"stream\":true,\"messages\":[]}");
    assertEquals(200, r.status(), r::text);
    String ping = "event: ping\ndata: {\"type\": \"ping\"}\n\n";
    assertTrue(r.text().startsWith(ping + ping), r::text);
    assertFalse(r.text().contains("msg_01Busy"), "a's message_start never reaches the client: " + r.text());
    assertEquals(1, count(r.text(), "event: message_start"), r::text);
    assertFalse(r.text().contains("overloaded_error"), r::text);

    AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(base.toString().replaceAll("/$", ""))
        .apiKey(KEY).timeout(Duration.ofSeconds(30)).build();
    try {
      MessageAccumulator accumulator = MessageAccumulator.create();
      int starts = 0;
      try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(
          MessageCreateParams.builder().model("claude-slow-sdk").maxTokens(64).addUserMessage("hi").build())) {
        for (RawMessageStreamEvent event : (Iterable<RawMessageStreamEvent>) stream.stream()::iterator) {
          accumulator.accumulate(event);
          if (event.isMessageStart()) starts++;
        }
      }
      assertEquals(1, starts);
      assertEquals("msg_01Text", accumulator.message().id());
      assertEquals("Hello there", accumulator.message().content().get(0).asText().text());
    } finally {
      anthropic.close();
    }
    assertEquals(2, a.calls().size());
    assertEquals(2, b.calls().size());
  }
}
