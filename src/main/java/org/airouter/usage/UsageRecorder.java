package org.airouter.usage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
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
 * stay exact, since they are kept apart from the queue and never dropped. A record the database refuses for its
 * content is set aside alone (see {@link #flush}), so it never holds up the records behind it.
 */
public final class UsageRecorder {
  private static final Logger LOG = Logger.getLogger(UsageRecorder.class.getName());

  private final UsageStore store;
  private final ArrayBlockingQueue<UsageRecord> queue;
  private final int batchSize;
  private final ConcurrentHashMap<RollupKey, RollupDelta> hourly = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong quarantined = new AtomicLong();
  private final AtomicLong quarantinedCells = new AtomicLong();
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
   * Writes what has gathered, a batch per transaction, until the queue is empty or a write fails for the moment.
   * Called by one thread at a time.
   *
   * <p>A batch the database refuses for what is in it is split until the refused record (or rollup cell) is alone;
   * that one is quarantined: not written, counted, logged once by request id. The rest of the batch is written. A
   * failure of the moment (connection, deadlock) keeps everything for the next flush instead.
   *
   * @return whether everything gathered so far was written (or quarantined)
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
      } catch (RuntimeException e) {
        if (!DataError.is(e)) return keep(batch, deltas, e);
        if (!salvage(batch, deltas)) return false;
      }
      if (failing) LOG.info("Usage records are being written again");
      failing = false;
      afterEachBatch.run();
    }
  }

  /** Writes what the database accepts of a refused batch, rows and rollup cells apart, halving each refused part. */
  private boolean salvage(List<UsageRecord> batch, Map<RollupKey, RollupDelta> deltas) {
    ArrayDeque<List<UsageRecord>> rows = new ArrayDeque<>();
    rows.push(batch);
    ArrayDeque<List<Map.Entry<RollupKey, RollupDelta>>> cells = new ArrayDeque<>();
    cells.push(new ArrayList<>(deltas.entrySet()));
    while (!rows.isEmpty()) {
      List<UsageRecord> part = rows.pop();
      try {
        store.write(part, Map.of());
        written.addAndGet(part.size());
      } catch (RuntimeException e) {
        if (!DataError.is(e)) {
          rows.push(part);
          List<UsageRecord> left = new ArrayList<>();
          rows.forEach(left::addAll);
          return keep(left, merged(cells), e);
        }
        if (part.size() == 1) {
          quarantine(part.get(0), e);
        } else {
          rows.push(part.subList(part.size() / 2, part.size()));
          rows.push(part.subList(0, part.size() / 2));
        }
      }
    }
    while (!cells.isEmpty()) {
      List<Map.Entry<RollupKey, RollupDelta>> part = cells.pop();
      if (part.isEmpty()) continue;
      try {
        store.write(List.of(), toMap(part));
      } catch (RuntimeException e) {
        if (!DataError.is(e)) {
          cells.push(part);
          return keep(List.of(), merged(cells), e);
        }
        if (part.size() == 1) {
          quarantinedCells.incrementAndGet();
          RollupKey key = part.get(0).getKey();
          LOG.warning("A usage rollup cell (hour " + key.start() + ", key " + key.keyId() + ", route " + key.routeId()
              + ") was refused by the database (" + DataError.describe(e) + "); its counts are not kept");
        } else {
          cells.push(part.subList(part.size() / 2, part.size()));
          cells.push(part.subList(0, part.size() / 2));
        }
      }
    }
    return true;
  }

  /** Keeps everything for the next attempt: the records in front of the queue, the deltas back in the counters. */
  private boolean keep(List<UsageRecord> records, Map<RollupKey, RollupDelta> deltas, RuntimeException cause) {
    retry.addAll(records);
    deltas.forEach((key, delta) -> hourly.merge(key, delta, RollupDelta::plus));
    if (!failing) LOG.log(Level.WARNING, "Usage records cannot be written now; they wait in memory", cause);
    failing = true;
    return false;
  }

  private void quarantine(UsageRecord record, RuntimeException cause) {
    quarantined.incrementAndGet();
    // The request id only: the record's texts are what the database refused, and the log is no place for them.
    LOG.warning("The usage record of request " + record.requestId() + " was refused by the database ("
        + DataError.describe(cause) + ") and is quarantined: not written, counted in airouter_usage_quarantined;"
        + " its hour's totals still count it");
  }

  private static Map<RollupKey, RollupDelta> merged(ArrayDeque<List<Map.Entry<RollupKey, RollupDelta>>> parts) {
    Map<RollupKey, RollupDelta> all = new HashMap<>();
    parts.forEach(part -> part.forEach(e -> all.merge(e.getKey(), e.getValue(), RollupDelta::plus)));
    return all;
  }

  private static Map<RollupKey, RollupDelta> toMap(List<Map.Entry<RollupKey, RollupDelta>> entries) {
    Map<RollupKey, RollupDelta> map = new HashMap<>();
    entries.forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  /** Raw records waiting to be written. */
  public int queued() { return queue.size() + retry.size(); }

  /** Raw records dropped because the queue was full (their hourly counters were kept). */
  public long dropped() { return dropped.get(); }

  public long written() { return written.get(); }

  /** Raw records the database refused for their content: not written (their hourly counters were). */
  public long quarantined() { return quarantined.get(); }

  /** Rollup cells the database refused for their content: their counts are lost. */
  public long quarantinedCells() { return quarantinedCells.get(); }

  private Map<RollupKey, RollupDelta> takeDeltas() {
    Map<RollupKey, RollupDelta> taken = new HashMap<>();
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
