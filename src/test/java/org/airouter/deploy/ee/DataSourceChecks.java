package org.airouter.deploy.ee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  /** Migrations, the config file's route and key, a chat request and its usage row: all in the scratch database. */
  static void routerWorksOn(ScratchDatabase db, URL base, String trueLiteral) throws InterruptedException {
    long scripts;
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
        java.nio.file.Path.of("src/main/resources/db/migration"))) {
      scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertEquals(scripts, (long) count(db, "select count(*) from schema_history where version is not null and success = "
        + trueLiteral), "every migration applied in the server's DataSource");
    assertEquals(1, count(db, "select count(*) from route where name = 'gpt-4o-mini'"), "the config file's route");
    long before = count(db, "select count(*) from usage_record");

    Response r = RouterClient.at(base).bearer(KEY).postJson("v1/chat/completions", CHAT);

    assertEquals(200, r.status(), r::toString);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    long after = before;
    while (after <= before && System.nanoTime() < deadline) {
      Thread.sleep(200);
      after = count(db, "select count(*) from usage_record");
    }
    assertEquals(before + 1, after, "the usage row written through the server's DataSource");
    assertTrue(count(db, "select count(*) from usage_hourly where model = 'gpt-4o-mini'") >= 1);
  }

  static long count(ScratchDatabase db, String sql) {
    return db.query(sql, rs -> {
      rs.next();
      return rs.getLong(1);
    });
  }
}
