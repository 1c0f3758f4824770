package org.airouter.usage;

/** Sums over some requests. Latency averages are over all requests, errors included. */
public record UsageTotals(long requests, long errors, long clientGone, long promptTokens, long completionTokens,
                          long cachedTokens, long reasoningTokens, long totalMsSum, long totalMsMax,
                          long firstByteMsSum, long costNanos, long unpriced) {
  public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Totals without cost (none was recorded). */
  public UsageTotals(long requests, long errors, long clientGone, long promptTokens, long completionTokens,
                     long cachedTokens, long reasoningTokens, long totalMsSum, long totalMsMax, long firstByteMsSum) {
    this(requests, errors, clientGone, promptTokens, completionTokens, cachedTokens, reasoningTokens, totalMsSum,
        totalMsMax, firstByteMsSum, 0, 0);
  }

  /** What these requests cost, in USD, as each was charged when recorded. */
  public double costUsd() { return costNanos / 1e9; }

  public long totalTokens() { return promptTokens + completionTokens; }

  public double averageMs() { return requests == 0 ? 0 : (double) totalMsSum / requests; }

  public double averageFirstByteMs() { return requests == 0 ? 0 : (double) firstByteMsSum / requests; }

  public UsageTotals plus(UsageTotals o) {
    return new UsageTotals(requests + o.requests, errors + o.errors, clientGone + o.clientGone,
        promptTokens + o.promptTokens, completionTokens + o.completionTokens, cachedTokens + o.cachedTokens,
        reasoningTokens + o.reasoningTokens, totalMsSum + o.totalMsSum, Math.max(totalMsMax, o.totalMsMax),
        firstByteMsSum + o.firstByteMsSum, costNanos + o.costNanos, unpriced + o.unpriced);
  }
}
