package org.airouter.proxy;

import java.util.concurrent.ScheduledExecutorService;
import org.airouter.keys.ClientKeyService;
import org.airouter.metrics.RequestMetrics;
import org.airouter.routing.Router;
import org.airouter.usage.UsageRecorder;

/** What every exchange shares: the snapshots it reads, the upstream engine, the limits and the timeout sweep. */
public final class Proxy implements AutoCloseable {
  private final Router router;
  private final ClientKeyService keys;
  private final ProxySettings settings;
  private final UpstreamClient upstream;
  private final Watchdog watchdog;
  private final BodyMemory bodyMemory;
  private final Cors cors;
  private final ModelList models;
  private final UsageRecorder usage;
  private final RequestMetrics metrics;

  public Proxy(Router router, ClientKeyService keys, UsageRecorder usage, RequestMetrics metrics,
               ProxySettings settings, ScheduledExecutorService scheduler) {
    this.router = router;
    this.keys = keys;
    this.usage = usage;
    this.metrics = metrics;
    this.settings = settings;
    this.upstream = new UpstreamClient(settings);
    this.watchdog = new Watchdog(scheduler, settings.firstByteTimeoutMs(), settings.idleTimeoutMs(),
        settings.bodyIdleTimeoutMs());
    this.bodyMemory = new BodyMemory(settings.bodyMemoryBudgetBytes());
    this.cors = new Cors(settings.corsOrigins());
    this.models = new ModelList(upstream, settings.modelsCacheMs());
  }

  Router router() { return router; }
  ClientKeyService keys() { return keys; }
  ProxySettings settings() { return settings; }
  UpstreamClient upstream() { return upstream; }
  Watchdog watchdog() { return watchdog; }
  BodyMemory bodyMemory() { return bodyMemory; }
  Cors cors() { return cors; }
  ModelList models() { return models; }
  UsageRecorder usage() { return usage; }
  RequestMetrics metrics() { return metrics; }

  /** Exchanges waiting for or relaying an upstream answer right now. */
  public int openExchanges() { return watchdog.openCount(); }

  /** Request bodies being read from clients right now. */
  public int bodiesReading() { return watchdog.uploadCount(); }

  /** Bytes of memory request bodies in flight hold right now (never more than the budget). */
  public long bodyMemoryBytes() { return bodyMemory.reserved(); }

  @Override public void close() {
    watchdog.close();
    upstream.close();
  }
}
