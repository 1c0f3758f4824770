package org.airouter.failover;

import java.time.Duration;
import java.util.Optional;

/** How one upstream attempt ended, as the relay reports it. Messages never carry provider keys. */
public sealed interface AttemptOutcome {
  /** The upstream answered (2xx; for a stream: content reached the client, or it ended well before any). */
  record Answered() implements AttemptOutcome {}

  /**
   * Before commit, the upstream said no: an HTTP error status, or an error frame before the stream's first content
   * (mapped to the status it stands for, e.g. Anthropic's {@code overloaded_error} to 529).
   */
  record Rejected(int status, Optional<Duration> retryAfter, String message) implements AttemptOutcome {
    public Rejected(int status, String message) { this(status, Optional.empty(), message); }
  }

  /**
   * No response: the connection failed, was reset or timed out. {@code requestSent} tells whether the upstream may
   * have received (and may bill) the request: a refused connect or a reset while writing the request did not.
   */
  record NoResponse(boolean requestSent, boolean timedOut, String message) implements AttemptOutcome {}

  /** The stream failed after content reached the client: never retried, it ends with the error frame. */
  record FailedAfterCommit(String message) implements AttemptOutcome {}
}
