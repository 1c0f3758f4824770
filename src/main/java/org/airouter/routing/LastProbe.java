package org.airouter.routing;

import java.io.Serializable;
import java.time.Instant;

/**
 * How a route's last online test went, as its row keeps it.
 *
 * @param status      the upstream's HTTP status; 0 when it could not be reached
 * @param firstByteMs time to the first token (streamed) or first byte; -1 when none came
 * @param message     the start of the answer when {@code ok}, else of the error; null when there was none
 */
public record LastProbe(Instant at, boolean ok, int status, int firstByteMs, int totalMs, String message)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The column's size (V5). */
  public static final int MESSAGE_LENGTH = 200;

  public LastProbe {
    message = shorten(message);
  }

  private static String shorten(String message) {
    if (message == null || message.isBlank()) return null;
    String oneLine = message.strip().replaceAll("\\s+", " ");
    if (oneLine.length() <= MESSAGE_LENGTH) return oneLine;
    int end = MESSAGE_LENGTH - 1;
    if (Character.isHighSurrogate(oneLine.charAt(end - 1))) end--;   // never half a character
    return oneLine.substring(0, end) + "…";
  }
}
