package org.airouter.limits;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What admitting one client request decided and reserved. Settled exactly once ({@link Limiter#settle}), whatever
 * way the answer ends; a refused or unlimited admission holds nothing to give back.
 */
public final class Admission {
  /** A key without limits, or a store that could not be asked with fail-open: nothing reserved, no headers. */
  static final Admission UNLIMITED = new Admission(null, 0, null, List.of(), new Limiter.Reason[0],
      new long[0], 0, 0, null, null, Instant.EPOCH);

  /** What the rate headers say: the tightest limit of its kind, what is left of it, seconds until it resets. */
  public record Window(long limit, long remaining, long resetSeconds) {}

  private final Limiter.Reason refused;
  private final long retryAfterSeconds;
  private final String message;
  final List<String> settleKeys;      // tpm and budget counters reserved, concurrency slots taken
  final Limiter.Reason[] kinds;       // per settle key: TPM, BUDGET or CONCURRENCY
  final long[] reserved;              // per settle key: the estimate, the cost reserved, or 1 (a slot)
  final long estimatedTokens;
  final long reservedNanos;
  private final Window requests;
  private final Window tokens;
  final Instant at;
  private final AtomicBoolean settled = new AtomicBoolean();

  Admission(Limiter.Reason refused, long retryAfterSeconds, String message, List<String> settleKeys,
            Limiter.Reason[] kinds, long[] reserved, long estimatedTokens, long reservedNanos, Window requests, Window tokens, Instant at) {
    this.refused = refused;
    this.retryAfterSeconds = retryAfterSeconds;
    this.message = message;
    this.settleKeys = settleKeys;
    this.kinds = kinds;
    this.reserved = reserved;
    this.estimatedTokens = estimatedTokens;
    this.reservedNanos = reservedNanos;
    this.requests = requests;
    this.tokens = tokens;
    this.at = at;
  }

  public boolean admitted() { return refused == null; }

  /** Why it was refused, or null. */
  public Limiter.Reason refusal() { return refused; }

  /** Whole seconds to wait; 0 when waiting does not help (a budget spent). */
  public long retryAfterSeconds() { return retryAfterSeconds; }

  public String message() { return message; }

  /** The requests-per-minute window for the headers, or null when the key and its team have no rpm limit. */
  public Window requests() { return requests; }

  /** The tokens-per-minute window for the headers, or null when there is no tpm limit. */
  public Window tokens() { return tokens; }

  /** True the first time only: settlement happens once, whichever path ends the answer first. */
  boolean settleOnce() { return settled.compareAndSet(false, true); }
}
