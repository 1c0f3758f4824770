package org.airouter.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorder's promises, with a store that can be made to fail: nothing lost while the database is down. */
class UsageRecorderTest {
  static final Instant HOUR = Instant.parse("2026-11-02T10:00:00Z");

  /** Stands in for the database; {@code down} makes every write fail. */
  static final class FakeStore extends UsageStore {
    boolean down;
    /** Writes that fail for the moment after this many more succeed (-1: never). */
    int downAfter = -1;
    final List<UsageRecord> raw = new ArrayList<>();
    final Map<RollupKey, RollupDelta> hourly = new HashMap<>();
    int transactions;

    FakeStore() { super(null); }

    @Override public void write(List<UsageRecord> records, Map<RollupKey, RollupDelta> deltas) {
      if (downAfter == 0) down = true;
      if (downAfter > 0) downAfter--;
      if (down) throw new IllegalStateException("database down", new SQLException("connection lost", "08006"));
      if (records.stream().anyMatch(r -> r.requestId().equals("req_poison"))) {
        throw new IllegalStateException("refused", new SQLException("value too long", "22001"));
      }
      transactions++;
      raw.addAll(records);
      deltas.forEach((k, d) -> hourly.merge(k, d, RollupDelta::plus));
    }

    long hourlyRequests() { return hourly.values().stream().mapToLong(RollupDelta::requests).sum(); }

    long hourlyPromptTokens() { return hourly.values().stream().mapToLong(RollupDelta::promptTokens).sum(); }
  }

  static UsageRecord record(int i) {
    return UsageStoreTest.record(HOUR.plusSeconds(i), 1, 1, "gpt-4o", 200, new Tokens(10, 1, 0, 0), 5);
  }

  @Test void recordsWaitWhileTheDatabaseIsDownAndAreWrittenWhenItReturns() {
    FakeStore store = new FakeStore();
    UsageRecorder recorder = new UsageRecorder(store, 1000, 10);
    store.down = true;
    for (int i = 0; i < 25; i++) recorder.record(record(i));

    assertFalse(recorder.flush());
    assertFalse(recorder.flush());
    assertEquals(25, recorder.queued());

    store.down = false;
    assertTrue(recorder.flush());
    assertEquals(25, store.raw.size());
    assertEquals(25, store.hourlyRequests());
    assertEquals(250, store.hourlyPromptTokens());
    assertEquals(0, recorder.queued());
    assertEquals(3, store.transactions, "one transaction per batch of 10");
  }

  @Test void aFullQueueDropsTheOldestRawRecordsButTheHourlyTotalsStayExact() {
    FakeStore store = new FakeStore();
    UsageRecorder recorder = new UsageRecorder(store, 10, 100);
    for (int i = 0; i < 25; i++) recorder.record(record(i));

    assertEquals(15, recorder.dropped());
    assertTrue(recorder.flush());
    assertEquals(10, store.raw.size());
    assertEquals("req_" + HOUR.plusSeconds(15).toEpochMilli(), store.raw.get(0).requestId(), "the newest are kept");
    assertEquals(25, store.hourlyRequests());
    assertEquals(250, store.hourlyPromptTokens());
  }

  @Test void recordingFromManyThreadsWhileFlushingLosesNothing() throws Exception {
    FakeStore store = new FakeStore();
    UsageRecorder recorder = new UsageRecorder(store, 1_000_000, 500);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 20_000; i++) recorder.record(record(i % 3600));
      });
      threads.add(thread);
      thread.start();
    }
    while (threads.stream().anyMatch(Thread::isAlive)) recorder.flush();
    for (Thread thread : threads) thread.join();
    recorder.flush();

    assertEquals(80_000, store.raw.size());
    assertEquals(80_000, store.hourlyRequests());
  }

  static UsageRecord poison(int i) {
    return new UsageRecord(HOUR.plusSeconds(i), 1, 1, "gpt-4o", null, "/chat/completions", 200, null, 1, 2,
        new Tokens(10, 1, 0, 0), false, false, "req_poison");
  }

  @Test void aRecordTheDatabaseRefusesIsQuarantinedAloneAndTheRestOfItsBatchIsWritten() {
    FakeStore store = new FakeStore();
    UsageRecorder recorder = new UsageRecorder(store, 1000, 100);
    for (int i = 0; i < 40; i++) recorder.record(i == 13 ? poison(i) : record(i));

    assertTrue(recorder.flush());
    assertEquals(39, store.raw.size());
    assertEquals(1, recorder.quarantined());
    assertEquals(39, recorder.written());
    assertEquals(40, store.hourlyRequests(), "the hour still counts it");
    assertTrue(store.transactions < 20, "halving, not one transaction a record: " + store.transactions);

    recorder.record(record(50));
    assertTrue(recorder.flush());
    assertEquals(40, store.raw.size(), "later records are not held up");
  }

  @Test void aConnectionLostWhileSplittingKeepsWhatIsLeftForTheNextFlush() {
    FakeStore store = new FakeStore();
    UsageRecorder recorder = new UsageRecorder(store, 1000, 100);
    for (int i = 0; i < 40; i++) recorder.record(i == 33 ? poison(i) : record(i));
    store.downAfter = 1;   // the first half is written, then the database goes away

    assertFalse(recorder.flush());
    assertEquals(0, recorder.quarantined(), "a failure of the moment quarantines nothing");
    assertEquals(40, store.raw.size() + recorder.queued(), "nothing lost");

    store.down = false;
    store.downAfter = -1;
    assertTrue(recorder.flush());
    assertEquals(39, store.raw.size());
    assertEquals(1, recorder.quarantined());
    assertEquals(40, store.hourlyRequests());
  }

  @Test void aRecordsTextsAreFittedOnceSoTheRowAndItsRollupsStoreTheSame() {
    UsageRecord r = new UsageRecord(HOUR, 1, 1, "m".repeat(250), "u".repeat(250), "/" + "e".repeat(200), 500,
        "c".repeat(100), 1, 1, Tokens.NONE, false, false, "r".repeat(100));
    assertEquals(UsageColumns.MODEL, r.model().length());
    assertEquals(r.model(), RollupKey.of(r).model());
    assertEquals(UsageColumns.UPSTREAM_MODEL, r.upstreamModel().length());
    assertEquals(UsageColumns.ENDPOINT, r.endpoint().length());
    assertEquals(UsageColumns.ERROR_CODE, r.errorCode().length());
    assertEquals(UsageColumns.REQUEST_ID, r.requestId().length());
    String emoji = "\uD83D\uDE00";
    assertEquals("a" + emoji.repeat(99), UsageColumns.fit("a" + emoji.repeat(150), 200), "no half character");
    String fits = "gpt-4o";
    assertTrue(fits == UsageColumns.fit(fits, 200), "a value that fits is not copied");
  }
}
