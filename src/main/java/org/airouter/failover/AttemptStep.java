package org.airouter.failover;

import java.time.Duration;
import java.util.Map;

/** What the attempt loop does next, as {@link AttemptPlan} decides it. */
public sealed interface AttemptStep {
  /**
   * Call this target. {@code number} is 1 for the first upstream call of the client request (for
   * {@code x-airouter-attempts}); {@code waitBefore} is zero when switching target, else the same-target wait.
   */
  record Attempt(int number, String route, Candidate target, Duration waitBefore) implements AttemptStep {}

  /** Done: relay the last outcome as it is (an answer, or a failure the router may not or need not retry). */
  record Finished(AttemptOutcome last) implements AttemptStep {}

  /**
   * The router's own retries are spent (attempts, targets, fallbacks or time): answer the last failure with these
   * headers ({@code x-should-retry: false}, a whole-second {@code retry-after}). {@code last} is null when no
   * target could be tried at all (every target disabled).
   */
  record GiveUp(AttemptOutcome last, Map<String, String> headers) implements AttemptStep {}
}
