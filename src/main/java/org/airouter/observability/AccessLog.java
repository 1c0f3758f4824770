package org.airouter.observability;

import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.airouter.wire.JsonIo;

/**
 * One JSON line per request to the java.util.logging logger {@value #LOGGER}, at INFO, which an operator routes like
 * any other (a FileHandler of its own, the server's log, a collector). The line is written on a thread of its own:
 * a slow handler (a full disk, a remote appender) must not hold the thread that ended the request, often an upstream
 * I/O thread shared by many streams. When that thread falls behind by {@link #QUEUE} lines, lines are dropped and
 * counted rather than queued without bound.
 *
 * <p>The writer wakes every {@link #LINGER_MS} and takes what has queued, rather than being woken for each line:
 * measured (bench/access-line-cost.sh), a wake-up per line was most of what a line cost the router, and a request
 * that queues a line for a sleeping writer signals nobody. After each batch the logger's handlers are flushed once,
 * so a handler that buffers (server-config/tomcat/logging.properties) writes a batch with one system call, and a
 * line is in the file at most about {@link #LINGER_MS} after its request ended.
 */
public final class AccessLog implements AutoCloseable {
  public static final String LOGGER = "airouter.access";
  static final int QUEUE = 10_000;
  static final long LINGER_MS = 100;
  private static final int BATCH = 1_000;

  private final Logger logger = Logger.getLogger(LOGGER);
  private final AtomicLong dropped = new AtomicLong();
  private final ArrayBlockingQueue<AccessEntry> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread writer = new Thread(this::drainUntilClosed, "airouter-access-log");
  private volatile boolean closed;

  public AccessLog() {
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues the line of one request (nothing when the logger is set above INFO, or once closed). */
  public void write(AccessEntry entry) {
    if (closed || !logger.isLoggable(Level.INFO)) return;
    if (!queue.offer(entry)) dropped.incrementAndGet();
  }

  /** Lines dropped because the writer fell behind. */
  public long dropped() { return dropped.get(); }

  private void drainUntilClosed() {
    List<AccessEntry> batch = new ArrayList<>(BATCH);
    while (!closed) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LINGER_MS));
      writeQueued(batch);
    }
    writeQueued(batch);   // what came before close()
  }

  private void writeQueued(List<AccessEntry> batch) {
    while (queue.drainTo(batch, BATCH) > 0) {
      try {
        for (AccessEntry entry : batch) {
          LogRecord record = new LogRecord(Level.INFO, line(entry));
          record.setLoggerName(LOGGER);
          record.setInstant(entry.at());
          logger.log(record);
        }
        for (Handler handler : logger.getHandlers()) handler.flush();
      } catch (RuntimeException e) {   // a handler's failure must not end the writer; the lines are lost, counted
        dropped.addAndGet(batch.size());
      } finally {
        batch.clear();
      }
    }
  }

  /** The JSON line; field names and meanings are documented in docs/observability.md. */
  static String line(AccessEntry e) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator json = JsonIo.PROVIDER.createGenerator(out)) {
      json.writeStartObject();
      json.write("time", DateTimeFormatter.ISO_INSTANT.format(e.at()));
      text(json, "request_id", e.requestId());
      text(json, "client_address", e.clientAddress());
      text(json, "method", e.method());
      text(json, "endpoint", e.endpoint());
      text(json, "key", e.keyName());
      text(json, "team", e.team());
      text(json, "route", e.route());
      text(json, "target", e.target());
      text(json, "provider", e.provider());
      text(json, "model", e.model());
      text(json, "upstream_model", e.upstreamModel());
      json.write("stream", e.stream());
      json.write("status", e.status());
      text(json, "error_code", e.errorCode());
      json.write("prompt_tokens", e.tokens().prompt());
      json.write("completion_tokens", e.tokens().completion());
      json.write("tokens_estimated", e.partial());
      if (e.cost() == null || !e.cost().priced()) json.writeNull("cost_usd");
      else json.write("cost_usd", e.cost().usd());
      json.write("ttfb_ms", e.firstByteMs());
      json.write("total_ms", e.totalMs());
      json.write("attempts", e.attempts());
      json.write("client_gone", e.clientGone());
      json.writeEnd();
    }
    return out.toString();
  }

  private static void text(JsonGenerator json, String name, String value) {
    if (value == null) json.writeNull(name);
    else json.write(name, value);
  }

  /** Writes what is queued (up to two seconds), then stops the writer. */
  @Override public void close() {
    closed = true;
    LockSupport.unpark(writer);
    try {
      writer.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
