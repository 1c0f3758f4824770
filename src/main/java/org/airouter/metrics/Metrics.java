package org.airouter.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.airouter.failover.HealthSnapshot;

/** The application's one meter registry, with JVM basics bound; {@link #scrape()} is what /metrics serves. */
public final class Metrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final RequestMetrics requests;
  private volatile Runnable beforeScrape = () -> { };

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    requests = new RequestMetrics(registry);
  }

  public RequestMetrics requests() { return requests; }

  /** A gauge read at each scrape, e.g. open proxy exchanges or the usage queue's depth. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).strongReference(true).register(registry);
  }

  /**
   * Each route target's health as {@code airouter_target_available{route,target,state}} (1 when it takes requests),
   * refreshed at each scrape: targets come and go with config reloads.
   */
  public void targetHealth(Supplier<List<HealthSnapshot>> snapshots) {
    MultiGauge gauge = MultiGauge
        .builder("airouter_target_available")
        .description("Whether a route target takes requests on this instance (state: closed, cooling, open, ...)")
        .register(registry);
    beforeScrape = () -> gauge.register(snapshots.get().stream().map(s -> MultiGauge.Row
        .of(Tags.of("route", s.key().route(), "target", s.key().target(),
            "state", s.state().name().toLowerCase(Locale.ROOT)), s.reopensAt() == null ? 1 : 0)).toList(), true);
  }

  /** A counter read at each scrape from what the application counts itself, with one tag. */
  public void counter(String name, String description, String tag, String value, LongSupplier count) {
    FunctionCounter.builder(name, count, c -> c.getAsLong()).description(description)
        .tag(tag, value).register(registry);
  }

  public PrometheusMeterRegistry registry() { return registry; }

  /** Prometheus text exposition format 0.0.4. */
  public String scrape() {
    beforeScrape.run();
    return registry.scrape();
  }

  @Override public void close() {
    gc.close();
    registry.close();
  }
}
