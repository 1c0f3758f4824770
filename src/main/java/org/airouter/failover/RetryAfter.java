package org.airouter.failover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long an upstream asks us to wait: {@code retry-after-ms} (OpenAI's, milliseconds, may be fractional) first,
 * then {@code retry-after} as seconds or as an HTTP date. A date in the past is zero; anything unreadable is absent.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** @param header a header's value by lower-case name, or null when absent */
  public static Optional<Duration> from(Function<String, String> header, Clock clock) {
    Optional<Duration> ms = number(header.apply("retry-after-ms"), 1);
    if (ms.isPresent()) return ms;
    String value = header.apply("retry-after");
    if (value == null) return Optional.empty();
    Optional<Duration> seconds = number(value, 1000);
    if (seconds.isPresent()) return seconds;
    try {
      Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> number(String value, long millisPerUnit) {
    if (value == null) return Optional.empty();
    try {
      double n = Double.parseDouble(value.trim());
      if (!(n >= 0) || Double.isInfinite(n)) return Optional.empty();
      double millis = Math.min(n * millisPerUnit, Long.MAX_VALUE / 2.0);   // an absurd value is long, not an overflow
      return Optional.of(Duration.ofMillis((long) Math.ceil(millis)));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }
}
