package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import org.airouter.failover.AttemptOutcome;
import org.airouter.proxy.RelayState.Ending;
import org.airouter.usage.Tokens;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

/** How a relay's report reads as a failover outcome: what the retry rules and target health are told. */
class AttemptOutcomesTest {
  static RelayOutcome outcome(Ending ending, boolean committed, RelayOutcome.Failure failure) {
    return new RelayOutcome(ending, committed, failure == null ? 200 : 502, Tokens.NONE, 0, null, failure);
  }

  @Test void anAnswerIsAnswered() {
    assertInstanceOf(AttemptOutcome.Answered.class, AttemptOutcomes.of(outcome(Ending.ANSWERED, true, null)));
  }

  @Test void anUpstreamStatusIsRejectedWithItsRetryAfter() {
    AttemptOutcome o = AttemptOutcomes.of(outcome(Ending.FAILED_BEFORE_COMMIT, false,
        new RelayOutcome.Failure(429, "7", "rate_limit_exceeded", null)));
    AttemptOutcome.Rejected r = assertInstanceOf(AttemptOutcome.Rejected.class, o);
    assertEquals(429, r.status());
    assertEquals(Optional.of(Duration.ofSeconds(7)), r.retryAfter());
  }

  @Test void aRefusedConnectionWasNeverSent() {
    AttemptOutcome.NoResponse n = assertInstanceOf(AttemptOutcome.NoResponse.class, AttemptOutcomes.of(outcome(
        Ending.FAILED_BEFORE_COMMIT, false, new RelayOutcome.Failure(0, null, "upstream_unavailable",
            new ConnectException("refused")))));
    assertEquals(false, n.requestSent());
    assertEquals(false, n.timedOut());
  }

  @Test void aResetAfterConnectingMayHaveBeenWorkedOn() {
    AttemptOutcome.NoResponse n = assertInstanceOf(AttemptOutcome.NoResponse.class, AttemptOutcomes.of(outcome(
        Ending.FAILED_BEFORE_COMMIT, false, new RelayOutcome.Failure(0, null, "upstream_unavailable",
            new SocketException("Connection reset")))));
    assertEquals(true, n.requestSent());
  }

  @Test void aTimeoutIsATimeoutAndAConnectTimeoutSentNothing() {
    AttemptOutcome.NoResponse waited = assertInstanceOf(AttemptOutcome.NoResponse.class, AttemptOutcomes.of(outcome(
        Ending.TIMED_OUT, false, new RelayOutcome.Failure(0, null, "upstream_timeout", null))));
    assertEquals(true, waited.timedOut());
    assertEquals(true, waited.requestSent());
    AttemptOutcome.NoResponse connecting = assertInstanceOf(AttemptOutcome.NoResponse.class, AttemptOutcomes.of(
        outcome(Ending.TIMED_OUT, false, new RelayOutcome.Failure(0, null, "upstream_timeout",
            new ConnectTimeoutException("connect")))));
    assertEquals(false, connecting.requestSent());
  }

  @Test void aFailureAfterCommitIsNeverRetried() {
    assertInstanceOf(AttemptOutcome.FailedAfterCommit.class, AttemptOutcomes.of(outcome(Ending.FAILED_AFTER_COMMIT,
        true, new RelayOutcome.Failure(0, null, "upstream_stream_broken", new SocketException("reset")))));
  }
}
