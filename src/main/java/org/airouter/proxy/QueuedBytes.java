package org.airouter.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answer bytes the relays hold for clients that have not taken them yet: the total now, and the most one stream ever
 * held. The second is what backpressure promises ({@link FlowWindow#HIGH_WATER}), so it is exposed for operators
 * and for the tests that hold the router to it.
 */
public final class QueuedBytes {
  private final LongAdder total = new LongAdder();
  private final AtomicInteger peak = new AtomicInteger();

  /** One stream's holding went from {@code before} to {@code now} bytes. */
  void moved(int before, int now) {
    total.add(now - before);
    if (now > before) peak.accumulateAndGet(now, Math::max);
  }

  /** Bytes held for all clients right now. */
  public long total() { return total.sum(); }

  /** The most any one stream has held since start. */
  public int peak() { return peak.get(); }
}
