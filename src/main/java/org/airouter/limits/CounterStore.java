package org.airouter.limits;

import java.util.List;

/** Where the counters live: this instance's memory, or Redis shared by several. Every call is atomic. */
public interface CounterStore extends AutoCloseable {

  /**
   * Takes every bucket's amount if all have room, else nothing.
   *
   * @return the values after taking ({@code refused} -1), or the values as found with the index of the first bucket
   *         without room
   */
  Reserved reserve(List<Bucket> buckets);

  /**
   * Adds each delta to its counter if the counter still exists (a minute window that ended stays ended), never below
   * 0. Settlement: the real tokens and cost against the estimate, a concurrency slot back.
   */
  void adjust(List<String> keys, long[] deltas);

  /** Sets the counter if it does not exist yet (a budget's spend so far, read from the usage rollups). */
  void seed(String key, long value, long ttlMillis);

  /** The counters' current values, 0 for absent ones (for the console). */
  long[] read(List<String> keys);

  /** What the store is, for logs and readiness. */
  String describe();

  @Override default void close() { }

  record Reserved(int refused, long[] values) {
    boolean admitted() { return refused < 0; }
  }

  /** The store could not be asked (Redis unreachable, too slow). */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) { super(message, cause); }
  }
}
