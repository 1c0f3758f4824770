package org.airouter.usage;

/** Sums over some requests. Latency averages are over all requests, errors included. */
public record UsageTotals(long requests, long errors, long clientGone, long promptTokens, long completionTokens,
                          long cachedTokens, long reasoningTokens, long totalMsSum, long totalMsMax,
                          long firstByteMsSum) {
  public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public long totalTokens() { return promptTokens + completionTokens; }

  public double averageMs() { return requests == 0 ? 0 : (double) totalMsSum / requests; }

  public double averageFirstByteMs() { return requests == 0 ? 0 : (double) firstByteMsSum / requests; }

  public UsageTotals plus(UsageTotals o) {
    return new UsageTotals(requests + o.requests, errors + o.errors, clientGone + o.clientGone,
        promptTokens + o.promptTokens, completionTokens + o.completionTokens, cachedTokens + o.cachedTokens,
        reasoningTokens + o.reasoningTokens, totalMsSum + o.totalMsSum, Math.max(totalMsMax, o.totalMsMax),
        firstByteMsSum + o.firstByteMsSum);
  }
}
