package org.airouter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One call per finished /v1 exchange. Tagged by route (bounded: operators name routes) and never by the requested
 * model, which a client chooses freely and would make the series count unbounded.
 */
public final class RequestMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<Key, Meters> byKey = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<AttemptKey, Counter> attempts = new ConcurrentHashMap<>();

  RequestMetrics(MeterRegistry registry) { this.registry = registry; }

  /**
   * @param route          the route's name, or null when none was chosen (unknown model, refused key)
   * @param model          the requested model; not used as a tag (see the class comment)
   * @param status         the HTTP status sent to the client
   * @param firstByteNanos time to the first response byte, or a negative number when none was sent
   * @param totalNanos     time to the end of the exchange
   */
  public void record(String route, String model, int status, boolean stream, long firstByteNanos, long totalNanos) {
    Meters m = byKey.computeIfAbsent(new Key(route == null || route.isEmpty() ? "none" : route, status, stream),
        this::register);
    m.requests().increment();
    if (m.errors() != null) m.errors().increment();
    m.duration().record(Duration.ofNanos(Math.max(0, totalNanos)));
    if (firstByteNanos >= 0) m.firstByte().record(Duration.ofNanos(firstByteNanos));
  }

  /**
   * One upstream call of the failover loop, by route, target and outcome ({@code answered}, {@code rejected},
   * {@code no_response}, {@code timed_out}, {@code failed_after_commit}, {@code client_gone}): all bounded by the
   * operator's config.
   */
  public void attempt(String route, String target, String outcome) {
    attempts.computeIfAbsent(new AttemptKey(route, target, outcome), k -> Counter.builder("airouter_upstream_attempts")
        .description("Upstream calls made for client requests, retries and fallbacks included")
        .tags("route", k.route(), "target", k.target(), "outcome", k.outcome()).register(registry)).increment();
  }

  private record AttemptKey(String route, String target, String outcome) {}

  /** The meters of one route, status and mode, built once: a registry lookup per request cost more than the count. */
  private record Key(String route, int status, boolean stream) {}

  private record Meters(Counter requests, Counter errors, Timer duration, Timer firstByte) {}

  private Meters register(Key key) {
    String mode = key.stream() ? "stream" : "whole";
    String statusTag = Integer.toString(key.status());
    Counter requests = Counter.builder("airouter_requests").description("Finished /v1 requests")
        .tags("route", key.route(), "status", statusTag, "mode", mode).register(registry);
    Counter errors = key.status() < 400 ? null
        : Counter.builder("airouter_request_errors").description("Finished /v1 requests answered with status >= 400")
            .tags("route", key.route(), "status", statusTag).register(registry);
    Timer duration = Timer.builder("airouter_request_duration").description("Time from request to the end of the answer")
        .tags("route", key.route(), "mode", mode).publishPercentileHistogram().register(registry);
    Timer firstByte = Timer.builder("airouter_time_to_first_byte")
        .description("Time from request to the first byte of the answer")
        .tags("route", key.route(), "mode", mode).publishPercentileHistogram().register(registry);
    return new Meters(requests, errors, duration, firstByte);
  }
}
