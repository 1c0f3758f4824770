package org.airouter.failover;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers on an error the router returns after its own retries: {@code x-should-retry: false}, which the OpenAI and
 * Anthropic SDKs obey, so their retries do not multiply ours; and a {@code retry-after} in whole seconds (rounded up,
 * at least 1), the unit both SDKs read, for a client that retries later on its own schedule.
 */
public final class ClientRetryHeaders {
  private ClientRetryHeaders() {}

  /** @param comeBackIn when a target is expected to take requests again (e.g. the soonest recovery), or null */
  public static Map<String, String> afterRetries(Duration comeBackIn) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-should-retry", "false");
    headers.put("retry-after", Long.toString(wholeSeconds(comeBackIn)));
    return headers;
  }

  static long wholeSeconds(Duration wait) {
    if (wait == null || wait.isNegative() || wait.isZero()) return 1;
    long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
