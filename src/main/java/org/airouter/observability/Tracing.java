package org.airouter.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.airouter.config.Settings;

/**
 * OpenTelemetry traces, built by the SDK's autoconfiguration from the standard {@code OTEL_*} environment variables
 * (or {@code otel.*} system properties). Off unless asked for, since an exporter pointed at nobody would log
 * connection errors forever: on when {@code OTEL_SDK_DISABLED=false}, or when {@code OTEL_TRACES_EXPORTER} names an
 * exporter other than {@code none}; {@code OTEL_SDK_DISABLED=true} keeps it off either way. Off, no SDK is built and
 * requests get no span object ({@link Observability#start}).
 */
final class Tracing implements AutoCloseable {
  private static final String SCOPE = "org.airouter";
  private static final TextMapGetter<HttpServletRequest> HEADERS = new TextMapGetter<>() {
    @Override public Iterable<String> keys(HttpServletRequest request) {
      return Collections.list(request.getHeaderNames());
    }

    @Override public String get(HttpServletRequest request, String name) {
      return request == null ? null : request.getHeader(name);
    }
  };

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final TextMapPropagator propagator;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    this.tracer = sdk.getTracer(SCOPE);
    this.propagator = sdk.getPropagators().getTextMapPropagator();
  }

  /** The tracing the settings ask for, or null when they ask for none. */
  static Tracing fromSettings(Settings settings) {
    if (!enabled(settings)) return null;
    // Defaults only: any OTEL_* variable or otel.* property the operator sets wins over these.
    Map<String, String> defaults = Map.of("otel.service.name", "ai-router", "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none", "otel.sdk.disabled", "false");
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .setComponentLoader(new ServiceComponents(Tracing.class.getClassLoader()))
        .addPropertiesSupplier(() -> defaults)
        .build()
        .getOpenTelemetrySdk();
    return new Tracing(sdk);
  }

  static boolean enabled(Settings settings) {
    String disabled = settings.get("otel.sdk.disabled", "").toLowerCase(Locale.ROOT);
    if (disabled.equals("true")) return false;
    if (disabled.equals("false")) return true;
    String exporter = settings.get("otel.traces.exporter", "none").toLowerCase(Locale.ROOT);
    return !exporter.equals("none");
  }

  /** The span of one request, continuing the client's trace when it sent one ({@code traceparent}). */
  RequestSpan start(HttpServletRequest request, Instant at) {
    Context parent = propagator.extract(Context.root(), request, HEADERS);
    Span span = tracer.spanBuilder(request.getMethod()).setParent(parent).setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(at).startSpan();
    return new RequestSpan(tracer, propagator, parent.with(span), span);
  }

  @Override public void close() {
    sdk.getSdkTracerProvider().shutdown().join(5, TimeUnit.SECONDS);   // exports what is left
  }
}
