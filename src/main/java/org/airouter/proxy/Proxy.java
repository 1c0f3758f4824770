package org.airouter.proxy;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.airouter.keys.ClientKeyService;
import org.airouter.limits.Limiter;
import org.airouter.metrics.RequestMetrics;
import org.airouter.observability.Observability;
import org.airouter.capture.Captures;
import org.airouter.routing.Router;
import org.airouter.usage.UsageRecorder;
import java.util.List;
import org.airouter.failover.HealthSnapshot;

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
  private final Limiter limiter;
  private final QueuedBytes queued = new QueuedBytes();
  private final ScheduledExecutorService scheduler;
  private final Failovers failovers;
  private final long shutdownGraceMs;
  private final Observability observability;
  private final Captures captures;
  private volatile boolean draining;

  public Proxy(Router router, ClientKeyService keys, UsageRecorder usage, RequestMetrics metrics,
               ProxySettings settings, ScheduledExecutorService scheduler, long shutdownGraceMs) {
    this(router, keys, usage, metrics, settings, scheduler, shutdownGraceMs, Limiter.inMemory());
  }

  /** @param limiter admission against the limits and budgets of keys and teams, and each request's cost */
  public Proxy(Router router, ClientKeyService keys, UsageRecorder usage, RequestMetrics metrics,
               ProxySettings settings, ScheduledExecutorService scheduler, long shutdownGraceMs, Limiter limiter) {
    this(router, keys, usage, metrics, settings, scheduler, shutdownGraceMs, limiter, Observability.off());
  }

  /** @param observability the access log and traces (closed with this proxy) */
  public Proxy(Router router, ClientKeyService keys, UsageRecorder usage, RequestMetrics metrics,
               ProxySettings settings, ScheduledExecutorService scheduler, long shutdownGraceMs, Limiter limiter,
               Observability observability) {
    this(router, keys, usage, metrics, settings, scheduler, shutdownGraceMs, limiter, observability, Captures.off());
  }

  /** @param captures payload capture, for the routes and keys it is switched on for (closed with this proxy) */
  public Proxy(Router router, ClientKeyService keys, UsageRecorder usage, RequestMetrics metrics,
               ProxySettings settings, ScheduledExecutorService scheduler, long shutdownGraceMs, Limiter limiter,
               Observability observability, Captures captures) {
    this.observability = observability;
    this.captures = captures;
    this.limiter = limiter;
    this.shutdownGraceMs = shutdownGraceMs;
    this.scheduler = scheduler;
    this.failovers = new Failovers(router, settings.firstByteTimeoutMs());
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
  Failovers failovers() { return failovers; }
  /** The access log and traces of this proxy's requests. */
  public Observability observability() { return observability; }
  /** Payload capture of this proxy's requests. */
  public Captures captures() { return captures; }
  /** Same-target waits between attempts: never a sleep on a container or I/O thread. */
  ScheduledExecutorService scheduler() { return scheduler; }

  /** Every route target's health on this instance (state, last error, when it reopens). */
  public List<HealthSnapshot> targetHealth() { return failovers.snapshot(); }

  Limiter limiter() { return limiter; }

  /** Answer bytes held for slow clients (backpressure's gauge). */
  public QueuedBytes queued() { return queued; }

  /** Exchanges waiting for or relaying an upstream answer right now. */
  public int openExchanges() { return watchdog.openCount(); }

  /** How often the upstream client was replaced because its I/O reactor had shut down (see UpstreamClient). */
  public int upstreamClientsReplaced() { return upstream.replacedClients(); }

  /** Request bodies being read from clients right now. */
  public int bodiesReading() { return watchdog.uploadCount(); }

  /** Bytes of memory request bodies in flight hold right now (never more than the budget). */
  public long bodyMemoryBytes() { return bodyMemory.reserved(); }

  /** True once shutdown began: new requests are refused with a 503, readiness is down. */
  public boolean draining() { return draining; }

  /**
   * Shutdown, step one, at the first sign of a stop the container gives (on Tomcat its context's stopping notification,
   * elsewhere the servlet's destroy; a second call finds nothing open): refuse new requests, give open exchanges up to
   * the grace period to finish, then end the rest with an error the client can read (a 503, or a last SSE error frame)
   * instead of a reset connection. Each ends with its usage record queued, so the usage flush that follows writes it.
   * Blocks the stopping thread, never a request's; nothing of the application is closed before it returns.
   */
  public void drain() {
    draining = true;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownGraceMs);
    awaitIdle(deadline);
    if (watchdog.openCount() == 0) return;
    watchdog.shutDownAll();
    awaitIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));   // the error frames reach their clients
  }

  private void awaitIdle(long deadline) {
    try {
      while (watchdog.openCount() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override public void close() {
    watchdog.close();
    upstream.close();
    observability.close();
    captures.close();   // after the drain: the last requests' lines and spans go out
  }
}
