package org.airouter.capture;

import java.time.Instant;

/** One stored capture: what was asked, what came back (both redacted and capped), and how it ended. */
public record CaptureRecord(String id, Instant at, String requestId, String route, String key, String endpoint,
                            String model, boolean stream, int status, String errorCode, Bodies bodies) {

  /**
   * The two bodies; {@code *Bytes} is each one's whole size, {@code *Truncated} says it was cut at the cap. Null in a
   * listing, which carries no bodies.
   */
  public record Bodies(String request, long requestBytes, boolean requestTruncated, String answer, long answerBytes,
                       boolean answerTruncated) {}
}
