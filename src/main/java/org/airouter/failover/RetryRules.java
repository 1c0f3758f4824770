package org.airouter.failover;

import org.airouter.failover.AttemptOutcome.NoResponse;
import org.airouter.failover.AttemptOutcome.Rejected;

/**
 * A route's retry settings and which failures they retry on another target (or, with none left, the same one):
 * <ul>
 *   <li>no response before the request was sent (connect refused, reset, connect timeout): retried;</li>
 *   <li>no response after it was sent (a timeout, or a reset while waiting): retried only with
 *       {@code retryOnTimeout}, since the upstream may still do and bill the work;</li>
 *   <li>408, 429, 500, 502, 503, 504, 529, and 401/403 (that target's key is bad, another's may not be): retried;</li>
 *   <li>every other status, and any failure after commit: never retried.</li>
 * </ul>
 * At most {@code maxAttempts} upstream calls per client request, fallbacks included.
 */
public record RetryRules(int maxAttempts, boolean retryOnTimeout) {
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  public RetryRules {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
  }

  public static RetryRules defaults() { return new RetryRules(DEFAULT_MAX_ATTEMPTS, false); }

  /** Whether this outcome may be tried again, attempts and deadline aside. */
  public boolean retryable(AttemptOutcome outcome) {
    if (outcome instanceof NoResponse n) return !n.requestSent() || retryOnTimeout;
    if (outcome instanceof Rejected r) return retryableStatus(r.status());
    return false;   // answered, or failed after commit: the client already has bytes of this answer
  }

  /** Whether another attempt fits: the outcome is retryable, the request may be replayed and attempts remain. */
  public boolean tryAgain(AttemptOutcome outcome, int attemptsMade, boolean replaySafe) {
    return replaySafe && attemptsMade < maxAttempts && retryable(outcome);
  }

  public static boolean retryableStatus(int status) {
    return switch (status) {
      case 401, 403, 408, 429, 500, 502, 503, 504, 529 -> true;
      default -> false;
    };
  }
}
