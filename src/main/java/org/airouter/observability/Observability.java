package org.airouter.observability;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.logging.Logger;
import org.airouter.config.Settings;

/**
 * The access log and tracing of proxied requests, each on or off for the application's life. With both off,
 * {@link #start} hands out one shared object whose every call returns at once.
 */
public final class Observability implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Observability.class.getName());
  /** Whether the access log is written (default true). */
  public static final String ACCESS_LOG = "airouter.access-log";

  private static final Observed NOTHING = new Observed(null, null, null, 0, null, null, null);

  private final AccessLog log;
  private final Tracing tracing;

  private Observability(AccessLog log, Tracing tracing) {
    this.log = log;
    this.tracing = tracing;
  }

  /** Neither log nor traces: for tests and benches that build a proxy of their own. */
  public static Observability off() { return new Observability(null, null); }

  public static Observability from(Settings settings) {
    boolean accessLog = Boolean.parseBoolean(settings.get(ACCESS_LOG, "true"));
    Tracing tracing = Tracing.fromSettings(settings);
    LOG.info(() -> "Access log " + (accessLog ? "on (logger " + AccessLog.LOGGER + ")" : "off") + "; traces "
        + (tracing == null ? "off" : "on (OpenTelemetry, configured by OTEL_*)"));
    return new Observability(accessLog ? new AccessLog() : null, tracing);
  }

  /** Call on the container thread, as the request arrives. */
  public Observed start(HttpServletRequest request, String requestId) {
    if (log == null && tracing == null) return NOTHING;
    Instant at = Instant.now();
    long startedAt = System.nanoTime();
    RequestSpan span = tracing == null ? null : tracing.start(request, at);
    return new Observed(log, span, at, startedAt, requestId, request.getRemoteAddr(), request.getMethod());
  }

  public boolean tracing() { return tracing != null; }

  /** Access lines dropped because their writer fell behind (0 when the log is off). */
  public long accessLinesDropped() { return log == null ? 0 : log.dropped(); }

  /** Writes the queued access lines and exports the ended spans. */
  @Override public void close() {
    if (log != null) log.close();
    if (tracing != null) tracing.close();
  }
}
