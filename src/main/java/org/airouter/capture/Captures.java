package org.airouter.capture;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.config.Settings;
import org.airouter.secrets.Redactor;

/**
 * Payload capture: which requests are captured ({@link CaptureSwitches}), and the writer that redacts and stores
 * them. Redaction and the insert happen on a thread of their own: the thread that ends a request (often an upstream
 * I/O thread shared by many streams) only queues. When the writer falls behind by {@link #QUEUE} captures, captures
 * are dropped and counted; a queued capture holds at most twice the cap.
 */
public final class Captures implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Captures.class.getName());
  /** Bytes kept of each body (request and answer), default 64 KiB. */
  public static final String MAX_BYTES = "airouter.capture-max-bytes";
  /** Days a capture is kept, default 7. */
  public static final String RETENTION_DAYS = "airouter.capture-retention-days";
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;
  /** The most a body may keep: the H2 and MariaDB columns hold more, but a capture is for reading, not archiving. */
  static final int LIMIT_MAX_BYTES = 1024 * 1024;
  static final int QUEUE = 256;

  private final CaptureStore store;
  private final CaptureSwitches switches;
  private final int maxBytes;
  private final int retentionDays;
  private final Clock clock;
  private final AtomicLong dropped = new AtomicLong();
  private final ThreadPoolExecutor writer;

  public Captures(CaptureStore store, int maxBytes, int retentionDays, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.switches = new CaptureSwitches(clock);
    this.maxBytes = Math.max(0, Math.min(maxBytes, LIMIT_MAX_BYTES));
    this.retentionDays = retentionDays;
    this.writer = store == null ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "airouter-capture");
          t.setDaemon(true);
          return t;
        }, (r, executor) -> dropped.incrementAndGet());
  }

  public static Captures from(Settings settings, CaptureStore store) {
    return new Captures(store, settings.getInt(MAX_BYTES, DEFAULT_MAX_BYTES), settings.getInt(RETENTION_DAYS, 7),
        Clock.systemUTC());
  }

  /** No store: nothing is ever captured (tests and benches that build a proxy of their own). */
  public static Captures off() { return new Captures(null, 0, 0, Clock.systemUTC()); }

  public CaptureSwitches switches() { return switches; }

  /** A capture for this request when capture is on for its route or its key, else null (the usual case). */
  public Capture start(String requestId, String route, String key, String endpoint) {
    if (writer == null || !switches.on(route, key)) return null;
    return new Capture(clock.instant(), requestId, route, key, endpoint, maxBytes);
  }

  /**
   * Queues a finished capture. The bodies are redacted on the writer thread with every given rule (the route's
   * targets': each has its own provider key) and the key-shaped patterns.
   */
  public void finish(Capture capture, String model, boolean stream, int status, String errorCode,
                     List<Redactor> redactors) {
    if (capture == null || writer == null) return;
    writer.execute(() -> write(capture, model, stream, status, errorCode, redactors));
  }

  private void write(Capture capture, String model, boolean stream, int status, String errorCode,
                     List<Redactor> redactors) {
    CaptureRecord.Bodies raw = capture.bodies();
    CaptureRecord.Bodies bodies = new CaptureRecord.Bodies(redact(raw.request(), false, redactors),
        raw.requestBytes(), raw.requestTruncated(), redact(raw.answer(), stream, redactors), raw.answerBytes(),
        raw.answerTruncated());
    CaptureRecord record = new CaptureRecord(UUID.randomUUID().toString(), capture.at(), capture.requestId(),
        capture.route(), capture.key(), capture.endpoint(), model, stream, status, errorCode, bodies);
    try {
      store.insert(record);
    } catch (SQLException | RuntimeException e) {
      dropped.incrementAndGet();
      LOG.log(Level.WARNING, "Could not store the capture of request " + capture.requestId(), e);
    }
  }

  /** The one redaction rule of errors, applied as a reader sees the body: JSON strings decoded, SSE line by line. */
  static String redact(String text, boolean sse, List<Redactor> redactors) {
    if (text == null || text.isEmpty()) return text;
    // The patterns first: a route's rule may take a fragment of its key out of the middle of an sk-… key, leaving
    // pieces too short for the pattern to recognise.
    List<Redactor> rules = new ArrayList<>(List.of(Redactor.PATTERNS));
    rules.addAll(new LinkedHashSet<>(redactors));
    String out = text;
    for (Redactor rule : rules) out = sse ? rule.redactSseFrame(out) : rule.redactJson(out);
    return out;
  }

  public CaptureStore.Page page(CaptureFilter filter, int offset, int limit) throws SQLException {
    return store.page(filter, Math.max(0, offset), Math.max(1, Math.min(limit, 500)));
  }

  public Optional<CaptureRecord> get(String id) throws SQLException { return store.get(id); }

  /** @return whether there was such a capture */
  public boolean delete(String id) throws SQLException { return store.delete(id); }

  /** @return how many were deleted */
  public int delete(CaptureFilter filter) throws SQLException { return store.delete(filter); }

  /** Deletes captures older than the retention period (0 or less: kept until deleted by hand). */
  public void purge() {
    if (store == null || retentionDays <= 0) return;
    try {
      int n = store.deleteBefore(clock.instant().minus(Duration.ofDays(retentionDays)));
      if (n > 0) LOG.info("Deleted " + n + " captures older than " + retentionDays + " days");
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Capture retention clean-up failed; it runs again in an hour", e);
    }
  }

  public int maxBytes() { return maxBytes; }

  public int retentionDays() { return retentionDays; }

  /** Captures not stored: the writer fell behind, or the database refused them. */
  public long dropped() { return dropped.get(); }

  /** Stores what is queued (up to five seconds), then stops the writer. */
  @Override public void close() {
    if (writer == null) return;
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
