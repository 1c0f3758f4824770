package org.airouter.routing;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.airouter.validation.Problem;

/**
 * A route's failover settings (issue 16): stored, validated and round-tripped everywhere; the attempt loop reads them.
 *
 * @param maxAttempts      upstream calls per client request, at most; 1 to {@value #MAX_ATTEMPTS}
 * @param retryOnTimeout   whether a timeout after the request was sent may be retried (the upstream may still bill)
 * @param fallbacks        other routes' names, tried in order once this route's targets are exhausted
 * @param sticky           null, {@code user} (the body's {@code user}) or {@code header:<name>}: what keeps a client on
 *                         one target inside a priority tier
 * @param timeouts         the route's timeouts; null fields: the global defaults
 * @param keepaliveAfterMs streams: how long without content before the router commits the 200 and sends keepalives;
 *                         null for the default ({@value #DEFAULT_KEEPALIVE_AFTER_MS} ms), 0 for never
 */
public record Failover(int maxAttempts, boolean retryOnTimeout, List<String> fallbacks, String sticky,
                       Timeouts timeouts, Integer keepaliveAfterMs) implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final int MAX_ATTEMPTS = 10;
  public static final int DEFAULT_KEEPALIVE_AFTER_MS = 10_000;
  public static final Failover DEFAULT = new Failover(DEFAULT_MAX_ATTEMPTS, false, List.of(), null, Timeouts.NONE, null);
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  public Failover {
    fallbacks = fallbacks == null ? List.of() : fallbacks.stream().map(f -> f == null ? "" : f.trim()).toList();
    sticky = sticky == null || sticky.isBlank() ? null : sticky.trim();
    timeouts = timeouts == null ? Timeouts.NONE : timeouts;
  }

  public boolean isDefault() { return equals(DEFAULT); }

  /** The keepalive delay in effect. */
  public int keepaliveAfterMsOrDefault() { return keepaliveAfterMs == null ? DEFAULT_KEEPALIVE_AFTER_MS : keepaliveAfterMs; }

  /** The header a {@code header:<name>} stickiness reads, or null. */
  public String stickyHeader() { return sticky != null && sticky.startsWith("header:") ? sticky.substring(7) : null; }

  /** Every reason these settings cannot be stored for the route {@code routeName}; fallbacks' existence is the service's. */
  List<Problem> problems(String routeName) {
    List<Problem> problems = new ArrayList<>();
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      problems.add(new Problem("maxAttempts", "between 1 and " + MAX_ATTEMPTS));
    }
    Set<String> seen = new HashSet<>();
    for (String fallback : fallbacks) {
      if (fallback == null || fallback.isBlank()) {
        problems.add(new Problem("fallbacks", "route names must not be blank"));
      }
      else if (fallback.equals(routeName)) problems.add(new Problem("fallbacks", "a route cannot fall back to itself"));
      else if (!seen.add(fallback)) problems.add(new Problem("fallbacks", fallback + " is named twice"));
    }
    if (String.join(",", fallbacks).length() > 1000) {
      problems.add(new Problem("fallbacks", "at most 1000 characters in all"));
    }
    if (sticky != null && !"user".equals(sticky)
        && !(sticky.startsWith("header:") && HEADER_NAME.matcher(sticky.substring(7)).matches())) {
      problems.add(new Problem("sticky", "must be user or header:<name>"));
    } else if (sticky != null && sticky.length() > 200) {
      problems.add(new Problem("sticky", "at most 200 characters"));
    }
    problems.addAll(timeouts.problems("timeouts"));
    if (keepaliveAfterMs != null && (keepaliveAfterMs < 0 || keepaliveAfterMs > Timeouts.MAX_MS)) {
      problems.add(new Problem("keepaliveAfterMs", "between 0 (never) and " + Timeouts.MAX_MS + " ms, or null"));
    }
    return problems;
  }
}
