package org.airouter.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.airouter.testing.Poll;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessLogTest {
  private final Logger logger = Logger.getLogger(AccessLog.LOGGER);
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AtomicInteger flushes = new AtomicInteger();
  private final Handler handler = new Handler() {
    @Override public void publish(LogRecord record) { lines.add(record.getMessage()); }
    @Override public void flush() { flushes.incrementAndGet(); }
    @Override public void close() { }
  };

  @BeforeEach void routeTheLoggerHere() {
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.INFO);
    logger.addHandler(handler);
  }

  @AfterEach void restoreTheLogger() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(true);
    logger.setLevel(null);
  }

  @Test void linesAreWrittenInBatchesWithOneFlushEach() throws Exception {
    try (AccessLog log = new AccessLog()) {
      for (int i = 0; i < 500; i++) log.write(entry("req_" + i));
      assertEquals(500, Poll.until(Duration.ofSeconds(10), lines::size, n -> n == 500), "lines written");
      // A buffering handler writes once per flush: 500 lines queued together must not cost 500 writes. A writer
      // woken per line would flush per line (or, as before, never, leaving a buffered file behind).
      assertTrue(flushes.get() >= 1 && flushes.get() <= 5, "flushes: " + flushes.get());
      assertEquals(0, log.dropped());
    }
    assertTrue(lines.get(0).contains("\"request_id\":\"req_0\""), lines.get(0));
    assertTrue(lines.get(499).contains("\"request_id\":\"req_499\""), "in order: " + lines.get(499));
  }

  @Test void closeWritesWhatIsQueued() {
    AccessLog log = new AccessLog();
    for (int i = 0; i < 50; i++) log.write(entry("req_" + i));
    log.close();   // at once: most of the 50 are still queued, the writer asleep
    assertEquals(50, lines.size());
    assertTrue(flushes.get() >= 1);
  }

  @Test void nothingIsQueuedWhenTheLoggerIsAboveInfo() throws Exception {
    logger.setLevel(Level.WARNING);
    try (AccessLog log = new AccessLog()) {
      log.write(entry("req_quiet"));
    }
    assertEquals(List.of(), lines);
  }

  private static AccessEntry entry(String requestId) {
    return new AccessEntry(Instant.now(), requestId, "127.0.0.1", "POST", "ci-bot", null, "gpt", "primary", "openai",
        "gpt-4o", "gpt-4o", "/chat/completions", false, 200, null, new Tokens(9, 2, 0, 0), false, Cost.UNPRICED, 15,
        17, 1, false);
  }
}
