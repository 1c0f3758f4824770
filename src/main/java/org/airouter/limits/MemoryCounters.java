package org.airouter.limits;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counters of one instance, exact under concurrency: every operation holds one lock for a few map lookups, which is
 * far below the cost of the request it admits. Expired counters are dropped as they are met and swept now and then.
 */
public final class MemoryCounters implements CounterStore {
  private static final class Counter {
    long value;
    long expiresAt;   // epoch ms, Long.MAX_VALUE for never
  }

  private final Map<String, Counter> counters = new HashMap<>();
  private final LongSupplier clock;
  private long nextSweep;

  public MemoryCounters(LongSupplier clockMillis) { this.clock = clockMillis; }

  public MemoryCounters() { this(System::currentTimeMillis); }

  @Override public synchronized Reserved reserve(List<Bucket> buckets) {
    long now = clock.getAsLong();
    sweep(now);
    long[] values = new long[buckets.size()];
    for (int i = 0; i < buckets.size(); i++) {
      Counter c = live(buckets.get(i).key(), now);
      values[i] = c == null ? 0 : c.value;
      if (!buckets.get(i).fits(values[i])) return new Reserved(i, values);
    }
    for (int i = 0; i < buckets.size(); i++) {
      Bucket b = buckets.get(i);
      Counter c = counters.computeIfAbsent(b.key(), k -> new Counter());
      if (c.value == 0 && c.expiresAt == 0) c.expiresAt = Long.MAX_VALUE;
      c.value += b.amount();
      if (b.ttlMillis() > 0) c.expiresAt = now + b.ttlMillis();
      values[i] = c.value;
    }
    return new Reserved(-1, values);
  }

  @Override public synchronized void adjust(List<String> keys, long[] deltas) {
    long now = clock.getAsLong();
    for (int i = 0; i < keys.size(); i++) {
      Counter c = live(keys.get(i), now);
      if (c != null) c.value = Math.max(0, c.value + deltas[i]);
    }
  }

  @Override public synchronized void seed(String key, long value, long ttlMillis) {
    long now = clock.getAsLong();
    if (live(key, now) != null) return;
    Counter c = new Counter();
    c.value = value;
    c.expiresAt = ttlMillis > 0 ? now + ttlMillis : Long.MAX_VALUE;
    counters.put(key, c);
  }

  @Override public synchronized long[] read(List<String> keys) {
    long now = clock.getAsLong();
    long[] values = new long[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      Counter c = live(keys.get(i), now);
      values[i] = c == null ? 0 : c.value;
    }
    return values;
  }

  @Override public String describe() { return "in memory (this instance only)"; }

  synchronized int size() { return counters.size(); }

  private Counter live(String key, long now) {
    Counter c = counters.get(key);
    if (c != null && c.expiresAt <= now) {
      counters.remove(key);
      return null;
    }
    return c;
  }

  private void sweep(long now) {
    if (now < nextSweep) return;
    nextSweep = now + 10_000;
    for (Iterator<Counter> it = counters.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresAt <= now) it.remove();
    }
  }
}
