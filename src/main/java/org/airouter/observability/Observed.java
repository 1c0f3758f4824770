package org.airouter.observability;

import java.time.Instant;
import java.util.function.BiConsumer;
import org.airouter.keys.ActiveKey;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;
import org.airouter.usage.UsageRecord;

/**
 * What is observed of one request: its trace span (null when tracing is off) and its access-log line (when the log is
 * on). Everything read from the servlet request is read at the start, on the container thread: the request object is
 * recycled once the exchange completes, before its usage is recorded. Attempts follow one another, each ended before
 * the next begins, on whichever thread the upstream client or the scheduler runs them.
 */
public final class Observed {
  private final AccessLog log;
  private final RequestSpan span;
  private final Instant at;
  private final long startedAt;
  private final String requestId;
  private final String clientAddress;
  private final String method;

  Observed(AccessLog log, RequestSpan span, Instant at, long startedAt, String requestId, String clientAddress,
           String method) {
    this.log = log;
    this.span = span;
    this.at = at;
    this.startedAt = startedAt;
    this.requestId = requestId;
    this.clientAddress = clientAddress;
    this.method = method;
  }

  /** An upstream attempt begins (a child span). */
  public void attempt(int number, String route, String target, String provider, String upstreamModel, String path) {
    if (span != null) span.attempt(number, route, target, provider, upstreamModel, path);
  }

  /** Sets the trace headers of the current attempt on its upstream request ({@code traceparent}, ...). */
  public void propagate(BiConsumer<String, String> setHeader) {
    if (span != null) span.propagate(setHeader);
  }

  /**
   * The current attempt ended.
   *
   * @param outcome answered, rejected, timed_out, no_response, failed_after_commit, client_gone
   * @param status  the upstream's status, 0 when it gave none
   */
  public void attemptEnded(String outcome, int status) {
    if (span != null) span.attemptEnded(outcome, status);
  }

  /** The exchange ended, with its usage recorded: the request span ends and the access line is written. */
  public void finished(UsageRecord usage, ActiveKey key, String route, String provider, boolean stream) {
    if (span == null && log == null) return;
    AccessEntry entry = new AccessEntry(usage.at(), requestId, clientAddress, method, key.name(), key.team(), route,
        usage.target(), provider, usage.model(), usage.upstreamModel(), usage.endpoint(), stream, usage.status(),
        usage.errorCode(), usage.tokens(), usage.partial(), usage.cost(), usage.firstByteMs(), usage.totalMs(),
        usage.attempts(), usage.clientGone());
    end(entry);
  }

  /**
   * A request answered by the servlet itself, before any exchange began (a bad key, an unknown path, a refused
   * method or size).
   *
   * @param key null when the key was not valid
   */
  public void rejected(int status, String errorCode, String endpoint, ActiveKey key) {
    if (span == null && log == null) return;
    int totalMs = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedAt) / 1_000_000);
    end(new AccessEntry(at, requestId, clientAddress, method, key == null ? null : key.name(),
        key == null ? null : key.team(), null, null, null, null, null, endpoint, false, status, errorCode, Tokens.NONE,
        false, Cost.UNPRICED, 0, totalMs, 0, false));
  }

  private void end(AccessEntry entry) {
    if (span != null) span.end(entry);
    if (log != null) log.write(entry);
  }
}
