package org.airouter.deploy.ee;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.airouter.testing.Poll;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.ScratchDatabase;

/** What the EE DataSource ITs share: running an operator's command file, and proving the data landed. */
final class DataSourceChecks {
  static final String KEY = "ar-ee-datasource-key-0001";
  static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private DataSourceChecks() {}

  /** Runs a command, returns its output; fails with the output when it exits non-zero. */
  static String run(List<String> command) {
    try {
      Path log = Files.createTempFile("airouter-cmd", ".log");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      if (p.exitValue() != 0) throw new IllegalStateException("exit " + p.exitValue() + ": " + command + "\n" + out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) throw new IllegalStateException("system property " + name + " is not set (run with the server's Maven profile)");
    return value;
  }

  /**
   * What a router deployed on a server's DataSource left in the scratch database behind it, after one chat through
   * the config file's route and key. A record, so that a test compares all of it with {@link #expected} at once.
   *
   * @param usageRowsAdded raw usage rows the chat added (waited for: they are written a second later)
   * @param hourlyRolledUp whether the chat's model has an hourly usage cell (written with the raw row)
   */
  record Seen(long migrationsApplied, long configRoutes, int chatStatus, long usageRowsAdded, boolean hourlyRolledUp) {}

  /** Every migration script applied, the config file's one route, a 200 chat with its one usage row and rollup. */
  static Seen expected() {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      long scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
      return new Seen(scripts, 1, 200, 1, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Seen observe(ScratchDatabase db, URL base, String trueLiteral) throws InterruptedException {
    long migrations = count(db, "select count(*) from schema_history where version is not null and success = "
        + trueLiteral);
    long routes = count(db, "select count(*) from route where name = 'gpt-4o-mini'");
    long before = count(db, "select count(*) from usage_record");

    Response r = RouterClient.at(base).bearer(KEY).postJson("v1/chat/completions", CHAT);
    if (r.status() != 200) System.err.println("the chat's answer: " + r);   // the status alone is in the record

    long after = r.status() != 200 ? before : Poll.until(Duration.ofSeconds(15), Duration.ofMillis(200),
        () -> count(db, "select count(*) from usage_record"), n -> n > before);
    boolean hourly = count(db, "select count(*) from usage_hourly where model = 'gpt-4o-mini'") >= 1;
    return new Seen(migrations, routes, r.status(), after - before, hourly);
  }

  static long count(ScratchDatabase db, String sql) {
    return db.query(sql, rs -> {
      rs.next();
      return rs.getLong(1);
    });
  }
}
