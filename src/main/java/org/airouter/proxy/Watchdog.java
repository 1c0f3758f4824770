package org.airouter.proxy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Enforces the first-byte and idle timeouts of every open exchange, and the idle timeout of every request body being
 * read, with one sweep a quarter second, instead of a timer per request: on the hot path an exchange only writes a
 * timestamp.
 */
final class Watchdog implements AutoCloseable {
  private final Set<Watched> open = ConcurrentHashMap.newKeySet();
  private final Set<Upload> uploads = ConcurrentHashMap.newKeySet();
  private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();
  private final long firstByteNanos;
  private final long idleNanos;
  private final long bodyIdleNanos;
  private final ScheduledFuture<?> sweep;

  /** One exchange as the watchdog sees it. */
  interface Watched {
    /** nanoTime of the upstream's headers, or 0 while waiting for them. */
    long firstByteAt();

    long startedAt();

    long lastActivityAt();

    /** True while the exchange holds answer bytes a slow client has not taken: the pause is ours, not upstream's. */
    boolean waitingForClient();

    void timedOut();

    /** This attempt's first-byte timeout in nanoseconds (its target's, cut to the request's deadline); 0: the default. */
    default long firstByteLimitNanos() { return 0; }

    /** This attempt's idle timeout in nanoseconds; 0: the default. */
    default long idleLimitNanos() { return 0; }

    /** A held stream got no content for its first-token timeout. */
    default boolean firstTokenLate(long now) { return false; }

    /**
     * A tick for an exchange in time: the chance to see whether its client left (ClientHangup) and to probe a quiet
     * one (ResponseRelay#probeClient). Never blocks: the sweep serves every exchange.
     */
    void tick(long now);

    /** The router stops: end now, with an error the client can tell from a broken connection. */
    void shutDown();
  }

  /** An exchange between two attempts, waiting out a same-target backoff: no upstream call is open. */
  interface Waiting {
    /** The router stops: the attempt it waits for will not be made; end now, with an error the client can read. */
    void shutDownWaiting();
  }

  /** A request body being read, as the watchdog sees it. */
  interface Upload {
    /** nanoTime of the last body bytes read, or of the start. */
    long lastReadAt();

    /** No byte for the body idle timeout: stop reading and answer. */
    void bodyStalled();
  }

  Watchdog(ScheduledExecutorService scheduler, long firstByteMs, long idleMs, long bodyIdleMs) {
    this.firstByteNanos = TimeUnit.MILLISECONDS.toNanos(firstByteMs);
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
    this.bodyIdleNanos = TimeUnit.MILLISECONDS.toNanos(bodyIdleMs);
    this.sweep = scheduler.scheduleWithFixedDelay(this::sweep, 250, 250, TimeUnit.MILLISECONDS);
  }

  void watch(Watched exchange) { open.add(exchange); }

  void release(Watched exchange) { open.remove(exchange); }

  /** Exchanges with an upstream call open, and those waiting to make their next one. */
  int openCount() { return open.size() + waiting.size(); }

  void watchWaiting(Waiting exchange) { waiting.add(exchange); }

  /** True for the one caller that takes it out of the waiting set (its attempt, or the shutdown). */
  boolean releaseWaiting(Waiting exchange) { return waiting.remove(exchange); }

  void watchUpload(Upload upload) { uploads.add(upload); }

  void releaseUpload(Upload upload) { uploads.remove(upload); }

  /** Request bodies being read right now. */
  int uploadCount() { return uploads.size(); }

  /** Ends every open exchange now (see {@link Watched#shutDown}). */
  void shutDownAll() {
    for (Watched w : open) w.shutDown();
    for (Waiting w : waiting) if (waiting.remove(w)) w.shutDownWaiting();
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Upload u : uploads) {
      if (now - u.lastReadAt() > bodyIdleNanos && uploads.remove(u)) {
        try {
          u.bodyStalled();
        } catch (RuntimeException e) {   // one exchange's failure must not end the sweeps of all
          Logger.getLogger(Watchdog.class.getName())
              .log(Level.WARNING, "A stalled request body could not be answered", e);
        }
      }
    }
    for (Watched w : open) {
      long firstByte = w.firstByteLimitNanos() > 0 ? w.firstByteLimitNanos() : firstByteNanos;
      long idle = w.idleLimitNanos() > 0 ? w.idleLimitNanos() : idleNanos;
      boolean late = w.firstByteAt() == 0
          ? now - w.startedAt() > firstByte
          : now - w.lastActivityAt() > idle && !w.waitingForClient() || w.firstTokenLate(now);
      if (late) {
        open.remove(w);
        w.timedOut();
      } else {
        w.tick(now);
      }
    }
  }

  @Override public void close() { sweep.cancel(false); }
}
