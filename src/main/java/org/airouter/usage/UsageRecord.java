package org.airouter.usage;

import java.time.Instant;

/**
 * What the router records of one proxied request. {@code keyId} and {@code routeId} are 0 when there was none
 * (a request refused before routing). No bodies.
 */
public record UsageRecord(Instant at, long keyId, long routeId, String model, String upstreamModel, String endpoint,
                          int status, String errorCode, int firstByteMs, int totalMs, Tokens tokens,
                          boolean clientGone, boolean partial, String requestId, String target, int attempts,
                          Cost cost) {

  /** A record without a cost (0, not flagged): for callers that price nothing, such as tests of other columns. */
  public UsageRecord(Instant at, long keyId, long routeId, String model, String upstreamModel, String endpoint,
                     int status, String errorCode, int firstByteMs, int totalMs, Tokens tokens, boolean clientGone,
                     boolean partial, String requestId) {
    this(at, keyId, routeId, model, upstreamModel, endpoint, status, errorCode, firstByteMs, totalMs, tokens,
        clientGone, partial, requestId, Cost.ZERO);
  }

  /** A request that reached no target (refused by the router, or before failover): no target, no attempts. */
  public UsageRecord(Instant at, long keyId, long routeId, String model, String upstreamModel, String endpoint,
                     int status, String errorCode, int firstByteMs, int totalMs, Tokens tokens, boolean clientGone,
                     boolean partial, String requestId, Cost cost) {
    this(at, keyId, routeId, model, upstreamModel, endpoint, status, errorCode, firstByteMs, totalMs, tokens,
        clientGone, partial, requestId, null, 0, cost);
  }

  /** Every text fitted to its column here, once, so whatever stores the record stores the same values. */
  public UsageRecord {
    model = UsageColumns.fit(model, UsageColumns.MODEL);
    upstreamModel = UsageColumns.fit(upstreamModel, UsageColumns.UPSTREAM_MODEL);
    endpoint = UsageColumns.fit(endpoint, UsageColumns.ENDPOINT);
    errorCode = UsageColumns.fit(errorCode, UsageColumns.ERROR_CODE);
    requestId = UsageColumns.fit(requestId, UsageColumns.REQUEST_ID);
    target = UsageColumns.fit(target, UsageColumns.TARGET);
    cost = cost == null ? Cost.UNPRICED : cost;
  }

  static final int CLIENT_GONE = 1;
  /** The token counts are an estimate: the answer was cut short before its usage arrived. */
  static final int PARTIAL = 2;
  /** The model had no price: the cost is 0 and the console flags it. */
  static final int UNPRICED = 4;

  /** An error status, or an answer that began well and ended in an error (a broken stream, an error frame). */
  public boolean isError() { return status >= 400 || errorCode != null; }

  int flags() { return (clientGone ? CLIENT_GONE : 0) | (partial ? PARTIAL : 0) | (cost.priced() ? 0 : UNPRICED); }
}
