package org.airouter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * One call per finished /v1 exchange. Tagged by route (bounded: operators name routes) and never by the requested
 * model, which a client chooses freely and would make the series count unbounded.
 */
public final class RequestMetrics {
  private final MeterRegistry registry;

  RequestMetrics(MeterRegistry registry) { this.registry = registry; }

  /**
   * @param route          the route's name, or null when none was chosen (unknown model, refused key)
   * @param model          the requested model; not used as a tag (see the class comment)
   * @param status         the HTTP status sent to the client
   * @param firstByteNanos time to the first response byte, or a negative number when none was sent
   * @param totalNanos     time to the end of the exchange
   */
  public void record(String route, String model, int status, boolean stream, long firstByteNanos, long totalNanos) {
    String routeTag = route == null || route.isEmpty() ? "none" : route;
    String mode = stream ? "stream" : "whole";
    String statusTag = Integer.toString(status);
    Counter.builder("airouter_requests").description("Finished /v1 requests")
        .tags("route", routeTag, "status", statusTag, "mode", mode).register(registry).increment();
    if (status >= 400) {
      Counter.builder("airouter_request_errors").description("Finished /v1 requests answered with status >= 400")
          .tags("route", routeTag, "status", statusTag).register(registry).increment();
    }
    Timer.builder("airouter_request_duration").description("Time from request to the end of the answer")
        .tags("route", routeTag, "mode", mode).publishPercentileHistogram().register(registry)
        .record(Duration.ofNanos(Math.max(0, totalNanos)));
    if (firstByteNanos >= 0) {
      Timer.builder("airouter_time_to_first_byte").description("Time from request to the first byte of the answer")
          .tags("route", routeTag, "mode", mode).publishPercentileHistogram().register(registry)
          .record(Duration.ofNanos(firstByteNanos));
    }
  }
}
