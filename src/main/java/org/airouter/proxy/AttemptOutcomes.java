package org.airouter.proxy;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import org.airouter.failover.AttemptOutcome;
import org.airouter.failover.RetryAfter;
import org.airouter.proxy.RelayState.Ending;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;

/** A relay's report as failover reads it ({@link AttemptOutcome}): the retry rules and target health decide on it. */
final class AttemptOutcomes {
  private AttemptOutcomes() {}

  static AttemptOutcome of(RelayOutcome outcome) {
    RelayOutcome.Failure failure = outcome.failure();
    if (failure == null) return new AttemptOutcome.Answered();
    if (outcome.committed()) return new AttemptOutcome.FailedAfterCommit(String.valueOf(failure.upstreamCode()));
    if (outcome.ending() == Ending.TIMED_OUT) {
      boolean connecting = failure.cause() instanceof ConnectTimeoutException;
      return new AttemptOutcome.NoResponse(!connecting, true, "timed out");
    }
    if (failure.upstreamStatus() > 0) {
      return new AttemptOutcome.Rejected(failure.upstreamStatus(),
          RetryAfter.from(name -> "retry-after".equalsIgnoreCase(name) ? failure.retryAfter() : null,
              Clock.systemUTC()), String.valueOf(failure.upstreamCode()));
    }
    // No status: a connection that never opened took no request; a reset after it did may have been worked on.
    Exception cause = failure.cause();
    boolean notSent = cause instanceof ConnectException || cause instanceof UnknownHostException
        || cause instanceof NoRouteToHostException || cause instanceof HttpHostConnectException;
    return new AttemptOutcome.NoResponse(!notSent, false,
        cause == null ? String.valueOf(failure.upstreamCode()) : cause.getClass().getSimpleName());
  }
}
