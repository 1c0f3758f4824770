package org.airouter.usage;

/** What one cell of a rollup gained since it was last written. Immutable; summed with {@link #plus}. */
record RollupDelta(long requests, long errors, long clientGone, long promptTokens, long completionTokens,
                   long cachedTokens, long reasoningTokens, long totalMsSum, int totalMsMax, long firstByteMsSum,
                   long costNanos, long unpriced) {

  static RollupDelta of(UsageRecord r) {
    Tokens t = r.tokens();
    return new RollupDelta(1, r.isError() ? 1 : 0, r.clientGone() ? 1 : 0, t.prompt(), t.completion(), t.cached(),
        t.reasoning(), r.totalMs(), r.totalMs(), r.firstByteMs(), r.cost().nanos(), r.cost().priced() ? 0 : 1);
  }

  RollupDelta plus(RollupDelta o) {
    return new RollupDelta(requests + o.requests, errors + o.errors, clientGone + o.clientGone,
        promptTokens + o.promptTokens, completionTokens + o.completionTokens, cachedTokens + o.cachedTokens,
        reasoningTokens + o.reasoningTokens, totalMsSum + o.totalMsSum, Math.max(totalMsMax, o.totalMsMax),
        firstByteMsSum + o.firstByteMsSum, costNanos + o.costNanos, unpriced + o.unpriced);
  }
}
