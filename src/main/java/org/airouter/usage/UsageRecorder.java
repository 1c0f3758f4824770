package org.airouter.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes usage records off the hot path: {@link #record} only adds to the hourly counters in memory and queues the raw
 * record; {@link #flush} (a scheduler thread) writes both in one transaction per batch.
 *
 * <p>If the database is slow or down, the proxy keeps serving: records wait and are written when it returns. The
 * queue is bounded; when it is full the oldest raw records are dropped (counted and logged), but the hourly counters
 * stay exact, since they are kept apart from the queue and never dropped.
 */
public final class UsageRecorder {
  private static final Logger LOG = Logger.getLogger(UsageRecorder.class.getName());

  private final UsageStore store;
  private final ArrayBlockingQueue<UsageRecord> queue;
  private final int batchSize;
  private final ConcurrentHashMap<RollupKey, RollupDelta> hourly = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final List<UsageRecord> retry = new ArrayList<>();
  private long droppedReported;
  private boolean failing;

  public UsageRecorder(UsageStore store, int queueCapacity, int batchSize) {
    this.store = store;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.batchSize = batchSize;
  }

  /** Hot path: never blocks, never touches the database. */
  public void record(UsageRecord record) {
    hourly.merge(RollupKey.of(record), RollupDelta.of(record), RollupDelta::plus);
    while (!queue.offer(record)) {
      if (queue.poll() != null) dropped.incrementAndGet();
    }
  }

  /**
   * Writes what has gathered, a batch per transaction, until the queue is empty or a write fails. Called by one
   * thread at a time.
   *
   * @return whether everything gathered so far was written
   */
  public boolean flush() { return flush(() -> { }); }

  /** As {@link #flush()}, calling {@code afterEachBatch} after each batch written (progress, for readiness). */
  public synchronized boolean flush(Runnable afterEachBatch) {
    reportDrops();
    while (true) {
      List<UsageRecord> batch = new ArrayList<>(retry);
      retry.clear();
      queue.drainTo(batch, Math.max(0, batchSize - batch.size()));
      Map<RollupKey, RollupDelta> deltas = takeDeltas();
      if (batch.isEmpty() && deltas.isEmpty()) return true;
      try {
        store.write(batch, deltas);
        written.addAndGet(batch.size());
        if (failing) LOG.info("Usage records are being written again");
        failing = false;
        afterEachBatch.run();
      } catch (RuntimeException e) {
        // Keep everything for the next attempt: the batch in front of the queue, the deltas back in the counters.
        retry.addAll(batch);
        deltas.forEach((key, delta) -> hourly.merge(key, delta, RollupDelta::plus));
        if (!failing) LOG.log(Level.WARNING, "Usage records cannot be written now; they wait in memory", e);
        failing = true;
        return false;
      }
    }
  }

  /** Raw records waiting to be written. */
  public int queued() { return queue.size() + retry.size(); }

  /** Raw records dropped because the queue was full (their hourly counters were kept). */
  public long dropped() { return dropped.get(); }

  public long written() { return written.get(); }

  private Map<RollupKey, RollupDelta> takeDeltas() {
    Map<RollupKey, RollupDelta> taken = new java.util.HashMap<>();
    for (RollupKey key : hourly.keySet()) {
      RollupDelta delta = hourly.remove(key);   // atomic against merge(): nothing added is lost
      if (delta != null) taken.put(key, delta);
    }
    return taken;
  }

  private void reportDrops() {
    long now = dropped.get();
    if (now > droppedReported) {
      LOG.warning("Usage queue full: " + (now - droppedReported) + " raw usage records dropped (" + now
          + " in all); the hourly totals still count them");
      droppedReported = now;
    }
  }
}
