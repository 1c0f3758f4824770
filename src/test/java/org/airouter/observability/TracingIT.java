package org.airouter.observability;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.airouter.testing.OtlpReceiver.hex;
import static org.airouter.testing.OtlpReceiver.number;
import static org.airouter.testing.OtlpReceiver.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URL;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OtlpReceiver;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With OTEL_TRACES_EXPORTER=otlp the router exports a SERVER span per request and a CLIENT span per upstream attempt
 * to an OTLP/HTTP collector (here one in the test), continuing the client's trace and passing it upstream.
 */
@ExtendWith(ArquillianExtension.class)
class TracingIT {
  static final String KEY = "ar-test-key-tracing-0001";
  static final Duration PATIENCE = Duration.ofSeconds(15);
  static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CLIENT_SPAN = "00f067aa0ba902b7";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  @RegisterExtension static MockUpstream a = MockUpstream.openAi();
  @RegisterExtension static MockUpstream b = MockUpstream.openAi();
  static OtlpReceiver collector;

  @Deployment(testable = false)
  static WebArchive deployment() {
    collector = new OtlpReceiver();   // here, not at class load: a rerun of a failed test runs the class again
    RouterSettings.fresh(TracingIT.class).config(ConfigFiles.config()
            .route(route("gpt", "glob", "gpt-*").at(upstream))
            .rawRoute("{\"name\":\"fo\",\"match\":\"exact\",\"pattern\":\"fo\",\"targets\":["
                + "{\"name\":\"a\",\"provider\":\"openai\",\"baseUrl\":\"" + a.baseUrl() + "\",\"apiKey\":\"sk-a\",\"priority\":0},"
                + "{\"name\":\"b\",\"provider\":\"openai\",\"baseUrl\":\"" + b.baseUrl() + "\",\"apiKey\":\"sk-b\",\"priority\":1}]}")
            .clientKey(clientKey("tracer", KEY)))
        .set("otel.traces.exporter", "otlp")
        .set("otel.exporter.otlp.protocol", "http/protobuf")
        .set("otel.exporter.otlp.traces.endpoint", collector.tracesEndpoint())
        .set("otel.bsp.schedule.delay", "100")
        .apply();
    return Deployments.router();
  }

  @AfterAll static void stopCollector() {
    collector.close();
    RouterSettings.OTEL.forEach(System::clearProperty);   // the next IT class in this JVM starts untraced
  }

  @ArquillianResource URL base;

  RouterClient client() { return RouterClient.at(base).bearer(KEY); }

  Span requestSpan(Response r) throws InterruptedException {
    String id = r.header("x-request-id");
    return collector.await(s -> id.equals(text(s, "airouter.request_id")), PATIENCE);
  }

  /** The attempts of a request span, in order; waits until all of them arrived. */
  List<Span> attempts(Span request, int expected) throws InterruptedException {
    collector.await(s -> s.getParentSpanId().equals(request.getSpanId())
        && Long.valueOf(expected).equals(number(s, "airouter.attempt")), PATIENCE);
    return collector.all(s -> s.getParentSpanId().equals(request.getSpanId())).stream()
        .sorted(Comparator.comparing(s -> number(s, "airouter.attempt"))).toList();
  }

  /**
   * The upstream sees the attempt's span as its parent, sampled. The flags' other bits are the SDK's to set (a trace
   * it started itself is marked random, 03).
   */
  static void assertTraceparent(String traceId, String spanId, String header) {
    String prefix = "00-" + traceId + "-" + spanId + "-";
    assertTrue(header != null && header.startsWith(prefix) && header.length() == prefix.length() + 2
        && (Integer.parseInt(header.substring(prefix.length()), 16) & 1) == 1, "traceparent " + header + ", expected "
        + prefix + "(sampled)");
  }

  @Test void aPlainRequestContinuesTheClientsTraceAndPassesItUpstream() throws Exception {
    upstream.replies(Reply.chat("Hello"));   // usage 5 + 3

    Response r = client().header("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
        .postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");

    assertEquals(200, r.status());
    Span span = requestSpan(r);
    assertEquals(CLIENT_TRACE, hex(span.getTraceId()), "the client's trace continues");
    assertEquals(CLIENT_SPAN, hex(span.getParentSpanId()), "under the client's span");
    assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind());
    assertEquals("chat gpt-4o", span.getName());
    assertEquals("chat", text(span, "gen_ai.operation.name"));
    assertEquals("openai", text(span, "gen_ai.provider.name"));
    assertEquals("openai", text(span, "gen_ai.system"));
    assertEquals("gpt-4o", text(span, "gen_ai.request.model"));
    assertEquals("gpt-4o", text(span, "gen_ai.response.model"));
    assertEquals(5L, number(span, "gen_ai.usage.input_tokens"));
    assertEquals(3L, number(span, "gen_ai.usage.output_tokens"));
    assertEquals(200L, number(span, "http.response.status_code"));
    assertEquals("gpt", text(span, "airouter.route"));
    assertEquals("primary", text(span, "airouter.target"));
    assertEquals(1L, number(span, "airouter.attempts"));
    assertEquals("tracer", text(span, "airouter.client_key"));
    assertEquals("/v1/chat/completions", text(span, "url.path"));

    Span attempt = attempts(span, 1).get(0);
    assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, attempt.getKind());
    assertEquals(span.getTraceId(), attempt.getTraceId());
    assertEquals("answered", text(attempt, "airouter.attempt.outcome"));
    assertEquals(200L, number(attempt, "http.response.status_code"));
    assertEquals("primary", text(attempt, "airouter.target"));
    assertTraceparent(CLIENT_TRACE, hex(attempt.getSpanId()), upstream.onlyCall().header("traceparent"));
    assertTrue(collector.serviceNames().contains("ai-router"), collector.serviceNames().toString());
  }

  @Test void aStreamedRequestStartsATraceOfItsOwnWithItsStreamedUsage() throws Exception {
    upstream.replies(Reply.stream("Hel", "lo"));   // usage 5 + 2

    Response r = client().postJson("v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}");
    r.text();

    Span span = requestSpan(r);
    assertTrue(span.getParentSpanId().isEmpty(), "no traceparent from the client: a root span");
    assertEquals(5L, number(span, "gen_ai.usage.input_tokens"));
    assertEquals(2L, number(span, "gen_ai.usage.output_tokens"));
    assertTrue(OtlpReceiver.attribute(span, "airouter.stream").getBoolValue());
    Span attempt = attempts(span, 1).get(0);
    assertTraceparent(hex(span.getTraceId()), hex(attempt.getSpanId()), upstream.onlyCall().header("traceparent"));
  }

  @Test void aFailedOverRequestHasOneChildSpanPerAttempt() throws Exception {
    a.always(Reply.error(503, "server_error", null, "Unavailable"));
    b.always(Reply.chat("Hello from b"));

    Response r = client().postJson("v1/chat/completions", "{\"model\":\"fo\",\"messages\":[]}");

    assertEquals(200, r.status());
    Span span = requestSpan(r);
    assertEquals(2L, number(span, "airouter.attempts"));
    assertEquals("b", text(span, "airouter.target"));
    assertEquals("fo", text(span, "airouter.route"));
    List<Span> attempts = attempts(span, 2);
    assertEquals(2, attempts.size(), attempts.toString());
    Span first = attempts.get(0);
    Span second = attempts.get(1);
    assertEquals("a", text(first, "airouter.target"));
    assertEquals("rejected", text(first, "airouter.attempt.outcome"));
    assertEquals(503L, number(first, "http.response.status_code"));
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, first.getStatus().getCode());
    assertEquals("b", text(second, "airouter.target"));
    assertEquals("answered", text(second, "airouter.attempt.outcome"));
    assertTrue(second.getStartTimeUnixNano() >= first.getEndTimeUnixNano(), "one attempt after the other");
    assertTraceparent(hex(span.getTraceId()), hex(first.getSpanId()), a.onlyCall().header("traceparent"));
    assertTraceparent(hex(span.getTraceId()), hex(second.getSpanId()), b.onlyCall().header("traceparent"));
  }

  @Test void aRejectedRequestIsOneSpanWithItsErrorAndNoAttempt() throws Exception {
    Response r = RouterClient.at(base).bearer("ar-not-a-key-of-this-router").postJson("v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[]}");

    assertEquals(401, r.status());
    Span span = requestSpan(r);
    assertEquals(401L, number(span, "http.response.status_code"));
    assertEquals("invalid_api_key", text(span, "error.type"));
    assertNull(text(span, "airouter.client_key"));
    assertEquals(0L, number(span, "airouter.attempts"));
    Thread.sleep(300);   // a child would have been exported with its parent's batch or the next one
    assertEquals(List.of(), collector.all(s -> s.getParentSpanId().equals(span.getSpanId())));
    assertTrue(upstream.calls().isEmpty());
  }
}
