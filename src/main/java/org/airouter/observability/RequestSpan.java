package org.airouter.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.function.BiConsumer;

/**
 * One request's span (kind SERVER) and its current attempt's child span (kind CLIENT, the call to the provider).
 * Attribute names follow the GenAI and HTTP semantic conventions; the router's own start with {@code airouter.}.
 */
final class RequestSpan {
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");   // the older name of it
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("airouter.request_id");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("airouter.route");
  static final AttributeKey<String> TARGET = AttributeKey.stringKey("airouter.target");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("airouter.attempts");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("airouter.attempt");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("airouter.attempt.outcome");
  static final AttributeKey<String> KEY = AttributeKey.stringKey("airouter.client_key");
  static final AttributeKey<String> TEAM = AttributeKey.stringKey("airouter.team");
  static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("airouter.stream");
  static final AttributeKey<Long> TTFB = AttributeKey.longKey("airouter.time_to_first_byte_ms");

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Context context;   // the client's (baggage and all) with this span in it
  private final Span span;
  private volatile Span attempt;

  RequestSpan(Tracer tracer, TextMapPropagator propagator, Context context, Span span) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.context = context;
    this.span = span;
  }

  void attempt(int number, String route, String target, String provider, String upstreamModel, String path) {
    Span previous = attempt;
    if (previous != null) previous.end();   // never left open by a path that skipped attemptEnded
    String operation = GenAi.operation(path);
    String genAiProvider = GenAi.provider(provider);
    SpanBuilder builder = tracer.spanBuilder(upstreamModel == null ? operation : operation + " " + upstreamModel)
        .setParent(context).setSpanKind(SpanKind.CLIENT)
        .setAttribute(OPERATION, operation)
        .setAttribute(ATTEMPT, (long) number)
        .setAttribute(ROUTE, route)
        .setAttribute(TARGET, target);
    if (genAiProvider != null) builder.setAttribute(PROVIDER, genAiProvider).setAttribute(SYSTEM, genAiProvider);
    if (upstreamModel != null) builder.setAttribute(REQUEST_MODEL, upstreamModel);
    attempt = builder.startSpan();
  }

  void propagate(BiConsumer<String, String> setHeader) {
    Span current = attempt;
    propagator.inject(current == null ? context : context.with(current), setHeader,
        (carrier, name, value) -> carrier.accept(name, value));
  }

  void attemptEnded(String outcome, int status) {
    Span current = attempt;
    if (current == null) return;
    attempt = null;
    current.setAttribute(OUTCOME, outcome);
    if (status > 0) current.setAttribute(STATUS, (long) status);
    if (!outcome.equals("answered")) {
      current.setAttribute(ERROR_TYPE, status > 0 ? Integer.toString(status) : outcome);
      current.setStatus(StatusCode.ERROR);
    }
    current.end();
  }

  void end(AccessEntry e) {
    Span current = attempt;
    if (current != null) attemptEnded("abandoned", 0);   // refused by the router before it was sent, say
    String operation = GenAi.operation(e.endpoint());
    span.updateName(e.model() == null ? operation : operation + " " + e.model());
    span.setAttribute(OPERATION, operation);
    span.setAttribute(METHOD, e.method());
    span.setAttribute(STATUS, (long) e.status());
    span.setAttribute(REQUEST_ID, e.requestId());
    span.setAttribute(STREAM, e.stream());
    span.setAttribute(ATTEMPTS, (long) e.attempts());
    if (e.endpoint() != null) span.setAttribute(PATH, "/v1" + e.endpoint());
    if (e.clientAddress() != null) span.setAttribute(CLIENT_ADDRESS, e.clientAddress());
    String provider = GenAi.provider(e.provider());
    if (provider != null) span.setAttribute(PROVIDER, provider).setAttribute(SYSTEM, provider);
    if (e.model() != null) span.setAttribute(REQUEST_MODEL, e.model());
    if (e.upstreamModel() != null) span.setAttribute(RESPONSE_MODEL, e.upstreamModel());
    if (e.route() != null) span.setAttribute(ROUTE, e.route());
    if (e.target() != null) span.setAttribute(TARGET, e.target());
    if (e.keyName() != null) span.setAttribute(KEY, e.keyName());
    if (e.team() != null) span.setAttribute(TEAM, e.team());
    if (e.firstByteMs() > 0) span.setAttribute(TTFB, (long) e.firstByteMs());
    if (e.status() < 400 || e.tokens().total() > 0) {
      span.setAttribute(INPUT_TOKENS, (long) e.tokens().prompt());
      span.setAttribute(OUTPUT_TOKENS, (long) e.tokens().completion());
    }
    if (e.errorCode() != null) span.setAttribute(ERROR_TYPE, e.errorCode());
    else if (e.status() >= 400) span.setAttribute(ERROR_TYPE, Integer.toString(e.status()));
    // A server span is an error for what the server failed at (5xx), not for a client's mistake (HTTP conventions).
    if (e.status() >= 500 || e.errorCode() != null && e.status() < 400) span.setStatus(StatusCode.ERROR);
    span.end();
  }
}
