package org.airouter.observability;

import java.time.Instant;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;

/**
 * One access-log line: what the router knows of a request once it has ended. Names and numbers only, never a key, a
 * header or a body. Text fields are null when the request never got that far (a bad key has no team, a request
 * refused before routing no route).
 *
 * @param endpoint    the path below /v1 ({@code /chat/completions}), as in usage records; null for an unknown path
 * @param tokens      as the upstream reported them, or estimated when {@code partial}
 * @param cost        null when the model has no price
 * @param firstByteMs 0 when no answer byte came from upstream
 */
public record AccessEntry(Instant at, String requestId, String clientAddress, String method, String keyName,
                         String team, String route, String target, String provider, String model,
                         String upstreamModel, String endpoint, boolean stream, int status, String errorCode,
                         Tokens tokens, boolean partial, Cost cost, int firstByteMs, int totalMs, int attempts,
                         boolean clientGone) {
  public AccessEntry {
    tokens = tokens == null ? Tokens.NONE : tokens;
  }
}
