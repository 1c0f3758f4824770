package org.airouter.testing;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector of one endpoint: OTLP/HTTP with protobuf bodies on {@code POST /v1/traces}, as the SDK's
 * OTLP exporter sends them. Keeps every span it receives.
 */
public final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<Span> spans = new ArrayList<>();
  private final List<String> serviceNames = new ArrayList<>();

  public OtlpReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/traces", exchange -> {
      try (exchange) {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
          in = new GZIPInputStream(in);
        }
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
        received(request);
        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
      }
    });
    server.start();
  }

  private synchronized void received(ExportTraceServiceRequest request) {
    for (ResourceSpans resource : request.getResourceSpansList()) {
      for (KeyValue kv : resource.getResource().getAttributesList()) {
        if (kv.getKey().equals("service.name")) serviceNames.add(kv.getValue().getStringValue());
      }
      for (ScopeSpans scope : resource.getScopeSpansList()) spans.addAll(scope.getSpansList());
    }
    notifyAll();
  }

  /** {@code http://127.0.0.1:PORT/v1/traces}: the value of otel.exporter.otlp.traces.endpoint. */
  public String tracesEndpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  public synchronized List<String> serviceNames() { return List.copyOf(serviceNames); }

  /** The first span that matches, waiting up to the timeout for it. */
  public synchronized Span await(Predicate<Span> which, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Span s : spans) if (which.test(s)) return s;
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("no such span among " + spans.size() + " received");
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Every span received so far that matches. */
  public synchronized List<Span> all(Predicate<Span> which) {
    return spans.stream().filter(which).toList();
  }

  /** A string attribute's value, or null. */
  public static String text(Span span, String key) {
    AnyValue v = attribute(span, key);
    return v == null ? null : v.getStringValue();
  }

  /** An integer attribute's value, or null. */
  public static Long number(Span span, String key) {
    AnyValue v = attribute(span, key);
    return v == null ? null : v.getIntValue();
  }

  public static AnyValue attribute(Span span, String key) {
    for (KeyValue kv : span.getAttributesList()) if (kv.getKey().equals(key)) return kv.getValue();
    return null;
  }

  public static String hex(ByteString id) { return HexFormat.of().formatHex(id.toByteArray()); }

  @Override public void close() { server.stop(0); }
}
