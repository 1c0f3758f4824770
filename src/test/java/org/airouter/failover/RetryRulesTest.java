package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.airouter.failover.AttemptOutcome.Answered;
import org.airouter.failover.AttemptOutcome.FailedAfterCommit;
import org.airouter.failover.AttemptOutcome.NoResponse;
import org.airouter.failover.AttemptOutcome.Rejected;
import org.junit.jupiter.api.Test;

/** Issue 16, item 3: what is retried on another target. */
class RetryRulesTest {
  private final RetryRules rules = RetryRules.defaults();

  @Test void retriesConnectionFailuresAndResetsBeforeTheRequestWasSent() {
    assertTrue(rules.retryable(new NoResponse(false, false, "connection refused")));
    assertTrue(rules.retryable(new NoResponse(false, false, "connection reset")));
    assertTrue(rules.retryable(new NoResponse(false, true, "connect timeout")));
  }

  @Test void retriesTheStatusesOfTheIssue() {
    for (int status : new int[] {408, 429, 500, 502, 503, 504, 529}) {
      assertTrue(rules.retryable(new Rejected(status, "x")), "status " + status);
    }
  }

  @Test void retriesUpstreamAuthFailuresOnAnotherTarget() {
    assertTrue(rules.retryable(new Rejected(401, "bad key")));
    assertTrue(rules.retryable(new Rejected(403, "forbidden")));
  }

  @Test void neverRetriesOtherClientErrors() {
    for (int status : new int[] {400, 402, 404, 405, 409, 413, 415, 422, 451}) {
      assertFalse(rules.retryable(new Rejected(status, "x")), "status " + status);
    }
    assertFalse(rules.retryable(new Rejected(501, "not implemented")));
  }

  @Test void aTimeoutAfterTheRequestWasSentIsRetriedOnlyWithRetryOnTimeout() {
    NoResponse timeout = new NoResponse(true, true, "first byte timeout");
    assertFalse(rules.retryable(timeout));
    assertTrue(new RetryRules(3, true).retryable(timeout));
    NoResponse resetWhileWaiting = new NoResponse(true, false, "reset after the request was sent");
    assertFalse(rules.retryable(resetWhileWaiting), "the upstream may have the request: same rule as a timeout");
  }

  @Test void neverRetriesAnAnswerOrAFailureAfterCommit() {
    assertFalse(rules.retryable(new Answered()));
    assertFalse(rules.retryable(new FailedAfterCommit("overloaded after content")));
  }

  @Test void maxAttemptsDefaultsToThreeAndBoundsTheCalls() {
    Rejected busy = new Rejected(503, "busy");
    assertEquals(3, rules.maxAttempts());
    assertTrue(rules.tryAgain(busy, 1, true));
    assertTrue(rules.tryAgain(busy, 2, true));
    assertFalse(rules.tryAgain(busy, 3, true));
    assertFalse(new RetryRules(1, false).tryAgain(busy, 1, true));
  }

  @Test void endpointsWithSideEffectsAreNeverSentTwice() {
    assertFalse(rules.tryAgain(new Rejected(503, "busy"), 1, false));
    assertFalse(rules.tryAgain(new NoResponse(false, false, "refused"), 1, false));
  }

  @Test void rejectedCarriesTheUpstreamsRetryAfter() {
    assertEquals(Optional.of(Duration.ofSeconds(2)), new Rejected(429, Optional.of(Duration.ofSeconds(2)), "slow").retryAfter());
  }
}
