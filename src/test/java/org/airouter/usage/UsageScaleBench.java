package org.airouter.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.RouterParts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Not part of the test suite (the name does not end in Test): fills the usage tables with 1,000,000 raw rows spread
 * over 30 days, then times the report's queries and measures the bytes a raw row takes on PostgreSQL. Run with
 * {@code mvn test -Dtest=UsageScaleBench -Dsurefire.failIfNoSpecifiedTests=false}; results go to bench/README.md.
 */
class UsageScaleBench {
  static final int ROWS = 1_000_000;
  static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void reportOnAMillionRows(DatabaseTarget target) {
    try (RouterParts parts = RouterParts.start(target)) {
      long t0 = System.nanoTime();
      fill(parts, target);
      long fillMs = (System.nanoTime() - t0) / 1_000_000;
      UsageReport report = new UsageReport(parts.jpa());
      Instant to = START.plus(30, ChronoUnit.DAYS);
      System.out.printf("%s: %d raw rows, %d hourly rows, %d daily rows, filled in %d ms%n", target,
          parts.count("usage_record"), parts.count("usage_hourly"), parts.count("usage_daily"), fillMs);
      time(target, "totals by key, 30 days", () -> report.totals(START, to, UsageReport.Dimension.KEY));
      time(target, "totals by model, 30 days", () -> report.totals(START, to, UsageReport.Dimension.MODEL));
      time(target, "daily series by route, 30 days", () -> report.series(START, to, UsageReport.Bucket.DAY,
          UsageReport.Dimension.ROUTE));
      time(target, "hourly series, last 24 h", () -> report.series(to.minus(1, ChronoUnit.DAYS), to,
          UsageReport.Bucket.HOUR, null));
      Instant ragged = to.minus(7, ChronoUnit.DAYS).minus(5, ChronoUnit.HOURS);
      time(target, "totals by route, last 7 d (ragged)", () -> report.totals(ragged, to.minus(3, ChronoUnit.HOURS),
          UsageReport.Dimension.ROUTE));
      if (target == DatabaseTarget.POSTGRESQL) {
        long bytes = parts.scratch().query("select pg_total_relation_size('usage_record')", rs -> {
          rs.next();
          return rs.getLong(1);
        });
        System.out.printf("%s: usage_record with its indexes: %d bytes, %.0f bytes a row%n", target, bytes,
            (double) bytes / ROWS);
      }
    }
  }

  /** Raw rows straight from SQL (the recorder would take minutes), then the rollup from them. */
  private static void fill(RouterParts parts, DatabaseTarget target) {
    String numbers = switch (target) {
      case H2 -> "select x as n from system_range(1, " + ROWS + ")";
      case POSTGRESQL -> "select n from generate_series(1, " + ROWS + ") as n";
      case MARIADB -> "select seq as n from seq_1_to_" + ROWS;
    };
    String at = switch (target) {
      case H2 -> "dateadd(second, n * 2.592, timestamp with time zone '2026-10-01 00:00:00+00')";
      case POSTGRESQL -> "timestamptz '2026-10-01 00:00:00+00' + (n * 2.592) * interval '1 second'";
      case MARIADB -> "timestamp '2026-10-01 00:00:00' + interval floor(n * 2.592) second";
    };
    parts.jpa().run(em -> {
      em.createNativeQuery("insert into usage_record (id, at, key_id, route_id, model, upstream_model, endpoint, status,"
          + " error_code, first_byte_ms, total_ms, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens,"
          + " flags, request_id) select n, " + at + ", mod(n, 50) + 1, mod(n, 8) + 1,"
          + " case mod(n, 3) when 0 then 'gpt-4o-mini' when 1 then 'gpt-4.1' else 'claude-sonnet-4' end, null,"
          + " '/chat/completions', case when mod(n, 97) = 0 then 500 else 200 end, null, mod(n, 700), mod(n, 4000),"
          + " mod(n, 2000), mod(n, 500), 0, 0, 0, concat('req_', lpad(cast(n as varchar(16)), 16, '0')) from ("
          + numbers + ") s").executeUpdate();
    });
    rollup(parts, "usage_hourly", "hour_start", switch (target) {
      case H2, POSTGRESQL -> "date_trunc('hour', at)";
      case MARIADB -> "date_format(at, '%Y-%m-%d %H:00:00')";
    });
    rollup(parts, "usage_daily", "day_start", switch (target) {
      case H2, POSTGRESQL -> "date_trunc('day', at)";
      case MARIADB -> "date_format(at, '%Y-%m-%d 00:00:00')";
    });
  }

  private static void rollup(RouterParts parts, String table, String startColumn, String bucket) {
    parts.jpa().run(em -> em.createNativeQuery("insert into " + table + " (" + startColumn + ", key_id, route_id, model, requests,"
        + " errors, client_gone, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, total_ms_sum,"
        + " total_ms_max, first_byte_ms_sum) select " + bucket + ", key_id, route_id, model, count(*),"
        + " sum(case when status >= 400 then 1 else 0 end), 0, sum(prompt_tokens), sum(completion_tokens), 0, 0,"
        + " sum(total_ms), max(total_ms), sum(first_byte_ms) from usage_record group by " + bucket
        + ", key_id, route_id, model").executeUpdate());
  }

  private static void time(DatabaseTarget target, String what, Supplier<List<?>> query) {
    List<Long> micros = new ArrayList<>();
    int size = 0;
    for (int i = 0; i < 7; i++) {
      long t = System.nanoTime();
      size = query.get().size();
      micros.add((System.nanoTime() - t) / 1000);
    }
    Collections.sort(micros);
    System.out.printf("%s: %-32s %5d rows, median %6.1f ms (min %.1f, max %.1f)%n", target, what, size,
        micros.get(3) / 1000.0, micros.get(0) / 1000.0, micros.get(6) / 1000.0);
  }
}
