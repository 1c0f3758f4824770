import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.airouter.observability.AccessEntry;
import org.airouter.observability.AccessLog;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;

/**
 * The CPU one access-log line costs the whole process (the router's writer thread and the logging handlers' threads
 * included), per way of routing the logger, without the rest of a request around it. The end-to-end bench cannot see
 * a 30 µs difference on a loaded 2-core machine (its CPU per request swings by 2× between rounds); process CPU time
 * over many lines can, because it counts work, not waiting. bench/access-line-cost.sh runs it; bench/README.md has
 * the results.
 *
 * <p>Modes: {@code off} (the logger above INFO: the router's early return, the baseline), {@code tomcat-default}
 * (what Tomcat's stock logging.properties does with the lines: the root logger's catalina AsyncFileHandler and a
 * ConsoleHandler with OneLineFormatter, stderr sent to a file as catalina.sh run's output would be), {@code routed}
 * (an AsyncFileHandler of its own with VerbatimFormatter, nowhere else), {@code routed-sync} (as shipped in
 * server-config/tomcat/logging.properties: a buffered FileHandler of its own), {@code null-handler} (the router's
 * own part alone).
 *
 * <p>Usage: java -cp CLASSES:parsson.jar:jakarta.json-api.jar:tomcat-juli.jar AccessLineCost.java MODE LINES DIR
 */
public final class AccessLineCost {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int lines = Integer.parseInt(args[1]);
    Path dir = Files.createDirectories(Path.of(args[2], mode));
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Logger access = Logger.getLogger(AccessLog.LOGGER);
    switch (mode) {
      case "off" -> access.setLevel(Level.WARNING);
      case "tomcat-default" -> {
        root.addHandler(fileHandler(dir, "catalina.", new org.apache.juli.OneLineFormatter()));
        Handler console = new ConsoleHandler();
        console.setFormatter(new org.apache.juli.OneLineFormatter());
        console.setLevel(Level.ALL);
        root.addHandler(console);
      }
      case "routed" -> {
        access.setUseParentHandlers(false);
        access.addHandler(fileHandler(dir, "airouter-access.", new org.apache.juli.VerbatimFormatter()));
      }
      case "routed-sync" -> {
        access.setUseParentHandlers(false);
        // server-config/tomcat/logging.properties: a plain FileHandler (the router's writer thread is already off the
        // request path) with a 64 KB buffer, flushed by the router after each batch.
        Handler h = new org.apache.juli.FileHandler(dir.toString(), "airouter-access.", ".log", 30, true, 65536);
        h.setFormatter(new org.apache.juli.VerbatimFormatter());
        access.addHandler(h);
      }
      case "null-handler" -> {   // the router's own part: the line, the record, the hand-off to its writer thread
        access.setUseParentHandlers(false);
        access.addHandler(new Handler() {
          @Override public void publish(java.util.logging.LogRecord record) { record.getMessage(); }
          @Override public void flush() { }
          @Override public void close() { }
        });
      }
      default -> throw new IllegalArgumentException("mode: off | null-handler | tomcat-default | routed | routed-sync");
    }
    AccessEntry entry = new AccessEntry(Instant.now(), "req_fa46953f29e1c383", "127.0.0.1", "POST", "ci-bot", null,
        "gpt", "primary", "openai", "gpt-4o", "gpt-4o-2024-08-06", "/chat/completions", false, 200, null,
        new Tokens(9, 2, 0, 0), false, Cost.UNPRICED, 15, 17, 1, false);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    AccessLog log = new AccessLog();
    // Warm-up (the JIT: its compiler threads count in the process's CPU), then the measured lines, paced (-Dpace, lines a
    // second, 20,000 unless set): below what the writer drains, so nothing is dropped and the count is the work of every line (a run that
    // dropped says so).
    write(log, entry, lines / 2);
    Thread.sleep(2000);
    long dropped0 = log.dropped();
    long cpu0 = os.getProcessCpuTime();
    write(log, entry, lines);
    log.close();
    for (Handler h : root.getHandlers()) h.close();
    for (Handler h : access.getHandlers()) h.close();
    long cpu1 = os.getProcessCpuTime();
    System.out.printf("%s\tcpu_us_per_line\t%.2f\tdropped\t%d%n", mode, (cpu1 - cpu0) / 1000.0 / lines,
        log.dropped() - dropped0);
  }

  private static Handler fileHandler(Path dir, String prefix, java.util.logging.Formatter formatter) {
    Handler h = new org.apache.juli.AsyncFileHandler(dir.toString(), prefix, ".log");
    h.setFormatter(formatter);
    h.setLevel(Level.ALL);
    return h;
  }

  private static final long NANOS_PER_LINE = 1_000_000_000L / Long.getLong("pace", 20_000);

  private static void write(AccessLog log, AccessEntry entry, int lines) throws InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < lines; i++) {
      log.write(entry);
      if (i % 50 == 49) {   // a sleep every 50 lines
        long due = start + (i + 1) * NANOS_PER_LINE;
        long wait = due - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
  }
}
