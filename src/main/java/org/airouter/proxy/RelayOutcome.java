package org.airouter.proxy;

import org.airouter.proxy.RelayState.Ending;
import org.airouter.usage.Tokens;

/**
 * How one relayed upstream call ended, as the relay reports it to its owner (once). The relay never decides to try
 * again: a {@link #failedBeforeCommit()} outcome is the one its owner could answer with another attempt, since the
 * client saw nothing of that upstream's answer.
 *
 * @param ending    how it ended
 * @param committed whether the upstream's head was handed to the client (see {@link RelayState})
 * @param status    the status the client got (the answer's, or the error reply's)
 * @param tokens    the usage the upstream reported, or null
 * @param frames    stream frames seen (an estimate of tokens when the usage never came)
 * @param errorCode the code of the error the client got, or null
 * @param failure   what went wrong, when something did (null for an answer and for a client that left)
 */
record RelayOutcome(Ending ending, boolean committed, int status, Tokens tokens, int frames, String errorCode,
                    Failure failure) {

  boolean clientGone() { return ending == Ending.CLIENT_GONE; }

  /** Upstream failed (an error status, no answer, a timeout, a shutdown) before the client had any of its answer. */
  boolean failedBeforeCommit() { return failure != null && !committed; }

  /**
   * What went wrong with the upstream call.
   *
   * @param upstreamStatus the upstream's status; 0 when it gave none (unreachable, timed out, shut down)
   * @param retryAfter     the upstream's {@code retry-after} header, or null
   * @param upstreamCode   the error code the client got for it (the upstream's own code where it gave one), or null
   * @param cause          the HTTP client's exception when the call failed, or null
   */
  record Failure(int upstreamStatus, String retryAfter, String upstreamCode, Exception cause) {}
}
