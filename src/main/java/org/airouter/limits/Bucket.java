package org.airouter.limits;

/**
 * One counter a request draws on: its store key, its ceiling, what this request takes, and how long the counter
 * lives (0: forever). A request is admitted only if every one of its buckets has room: {@code value + amount <=
 * limit}, and for an amount of 0 (a budget reservation of an unpriced model) {@code value < limit}.
 */
record Bucket(String key, long limit, long amount, long ttlMillis) {
  boolean fits(long value) { return amount == 0 ? value < limit : value + amount <= limit; }
}
