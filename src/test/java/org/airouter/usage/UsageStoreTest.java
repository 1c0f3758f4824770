package org.airouter.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.airouter.keys.ClientKeySpec;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.MatchKind;
import org.airouter.routing.RouteSpec;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.PerDatabase;
import org.airouter.testing.RouterParts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Usage written through the recorder and read back through the report, on every supported database. */
@Tag("db")
class UsageStoreTest {
  @RegisterExtension static final PerDatabase DATABASES = new PerDatabase();

  static final Instant HOUR = Instant.parse("2026-11-02T10:00:00Z");

  static UsageRecord record(Instant at, long key, long route, String model, int status, Tokens tokens, int totalMs) {
    return new UsageRecord(at, key, route, model, null, "/chat/completions", status,
        status >= 400 ? "server_error" : null, 40, totalMs, tokens, false, false, "req_" + at.toEpochMilli());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void recordsAreWrittenRawAndAddedToTheirHour(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    UsageRecorder recorder = new UsageRecorder(new UsageStore(parts.jpa()), 1000, 2);
    recorder.record(record(HOUR.plusSeconds(5), 1, 7, "gpt-4o", 200, new Tokens(10, 5, 2, 1), 100));
    recorder.record(record(HOUR.plusSeconds(65), 1, 7, "gpt-4o", 200, new Tokens(20, 7, 0, 0), 300));
    recorder.record(record(HOUR.plusSeconds(70), 1, 7, "gpt-4o", 502, Tokens.NONE, 50));
    recorder.record(record(HOUR.plus(1, ChronoUnit.HOURS), 2, 7, "gpt-4o-mini", 200, new Tokens(1, 1, 0, 0), 10));

    assertTrue(recorder.flush());

    assertEquals(4, parts.count("usage_record"));
    assertEquals(2, parts.count("usage_hourly"));
    assertEquals(2, parts.count("usage_daily"), "one day, two key/model cells");
    UsageReport report = new UsageReport(parts.jpa());
    UsageTotals all = report.total(HOUR, HOUR.plus(2, ChronoUnit.HOURS));
    assertEquals(4, all.requests());
    assertEquals(1, all.errors());
    assertEquals(31, all.promptTokens());
    assertEquals(13, all.completionTokens());
    assertEquals(2, all.cachedTokens());
    assertEquals(1, all.reasoningTokens());
    assertEquals(300, all.totalMsMax());
    assertEquals(460, all.totalMsSum());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void laterBatchesAddToTheSameHour(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    UsageRecorder recorder = new UsageRecorder(new UsageStore(parts.jpa()), 1000, 100);
    for (int round = 0; round < 3; round++) {
      recorder.record(record(HOUR.plusSeconds(round), 1, 7, "gpt-4o", 200, new Tokens(10, 1, 0, 0), 100 + round));
      assertTrue(recorder.flush());
    }
    List<UsageReport.Row> byModel = new UsageReport(parts.jpa()).totals(HOUR, HOUR.plusSeconds(3600),
        UsageReport.Dimension.MODEL);
    assertEquals(1, byModel.size());
    assertEquals("gpt-4o", byModel.get(0).id());
    assertEquals(3, byModel.get(0).totals().requests());
    assertEquals(30, byModel.get(0).totals().promptTokens());
    assertEquals(102, byModel.get(0).totals().totalMsMax());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void totalsByKeyAndRouteCarryTheirNamesAndSeriesBucketByHourOrDay(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    long route = parts.routes().save(new RouteSpec("openai", MatchKind.GLOB,
        "gpt-*", ProviderKind.OPENAI, "https://api.openai.com/v1", "sk-x", null, false, true)).id();
    long key = parts.keys().issue(new ClientKeySpec("team-a", List.of(), null, true)).stored().id();
    UsageRecorder recorder = new UsageRecorder(new UsageStore(parts.jpa()), 1000, 100);
    Instant day = Instant.parse("2026-11-02T00:00:00Z");
    for (int h = 0; h < 30; h++) {
      recorder.record(record(day.plus(h, ChronoUnit.HOURS), key, route, "gpt-4o", 200, new Tokens(1, 1, 0, 0), 10));
    }
    assertTrue(recorder.flush());
    UsageReport report = new UsageReport(parts.jpa());

    List<UsageReport.Row> byKey = report.totals(day, day.plus(2, ChronoUnit.DAYS), UsageReport.Dimension.KEY);
    assertEquals(List.of("team-a"), byKey.stream().map(UsageReport.Row::label).toList());
    assertEquals(30, byKey.get(0).totals().requests());
    List<UsageReport.Row> byRoute = report.totals(day, day.plus(2, ChronoUnit.DAYS), UsageReport.Dimension.ROUTE);
    assertEquals("openai", byRoute.get(0).label());
    assertEquals(String.valueOf(route), byRoute.get(0).id());

    List<UsageReport.Point> hourly = report.series(day, day.plus(2, ChronoUnit.DAYS), UsageReport.Bucket.HOUR, null);
    assertEquals(30, hourly.size());
    List<UsageReport.Point> daily = report.series(day, day.plus(2, ChronoUnit.DAYS), UsageReport.Bucket.DAY,
        UsageReport.Dimension.MODEL);
    assertEquals(2, daily.size());
    assertEquals(day, daily.get(0).start());
    assertEquals(24, daily.get(0).totals().requests());
    assertEquals(6, daily.get(1).totals().requests());

    // A range with ragged ends: hours from the hourly rollup, whole days from the daily one, the same sums.
    Instant from = day.plus(20, ChronoUnit.HOURS);
    Instant to = day.plus(26, ChronoUnit.HOURS);
    assertEquals(6, report.total(from, to).requests());
    assertEquals(30, report.total(day.minus(3, ChronoUnit.HOURS), day.plus(3, ChronoUnit.DAYS)).requests());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void requestsThatMatchedNoRouteAreLabelledNoRouteAndBrokenStreamsCountAsErrors(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    UsageRecorder recorder = new UsageRecorder(new UsageStore(parts.jpa()), 1000, 100);
    recorder.record(record(HOUR.plusSeconds(1), 1, 0, "nobody-serves-this", 404, Tokens.NONE, 1));
    // Status 200 (the head had gone out), then the stream broke: an error all the same.
    recorder.record(new UsageRecord(HOUR.plusSeconds(2), 1, 7, "gpt-4o", null, "/chat/completions", 200,
        "upstream_stream_error", 40, 90, new Tokens(0, 3, 0, 0), false, true, "req_cut"));
    assertTrue(recorder.flush());
    UsageReport report = new UsageReport(parts.jpa());

    List<UsageReport.Row> byRoute = report.totals(HOUR, HOUR.plusSeconds(3600), UsageReport.Dimension.ROUTE);
    UsageReport.Row none = byRoute.stream().filter(r -> r.id().equals("0")).findFirst().orElseThrow();
    assertEquals(UsageReport.NO_ROUTE, none.label());
    assertEquals(UsageReport.NO_ROUTE, report.series(HOUR, HOUR.plusSeconds(3600), UsageReport.Bucket.HOUR,
        UsageReport.Dimension.ROUTE).stream().filter(p -> p.id().equals("0")).findFirst().orElseThrow().label());
    assertEquals(2, report.total(HOUR, HOUR.plusSeconds(3600)).errors());
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void retentionDeletesOldRawRowsAndKeepsTheHourlyTotals(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    UsageStore store = new UsageStore(parts.jpa());
    UsageRecorder recorder = new UsageRecorder(store, 1000, 100);
    Instant now = Instant.now();
    for (int i = 0; i < 7; i++) {
      recorder.record(record(now.minus(40, ChronoUnit.DAYS).plusSeconds(i), 1, 1, "old", 200, Tokens.NONE, 1));
    }
    recorder.record(record(now.minus(1, ChronoUnit.DAYS), 1, 1, "new", 200, Tokens.NONE, 1));
    assertTrue(recorder.flush());

    int deleted = store.purgeBefore(now.minus(30, ChronoUnit.DAYS), 3);   // slices of 3: 3 + 3 + 1

    assertEquals(7, deleted);
    assertEquals(1, parts.count("usage_record"));
    assertEquals(2, parts.count("usage_hourly"));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void rawRowsKeepTheirFieldsAndTwoWritersNeverShareAnId(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    // Two stores stand for two router instances on one database: each takes id blocks from the same sequence.
    UsageRecorder first = new UsageRecorder(new UsageStore(parts.jpa()), 1000, 30);
    UsageRecorder second = new UsageRecorder(new UsageStore(parts.jpa()), 1000, 30);
    for (int i = 0; i < 130; i++) {
      Instant at = HOUR.plusMillis(i * 1_001L + 123);
      (i % 2 == 0 ? first : second).record(record(at, 1, 7, "gpt-4o", 200, new Tokens(i, 1, 0, 0), i));
      if (i % 40 == 39) {
        assertTrue(first.flush());
        assertTrue(second.flush());
      }
    }
    assertTrue(first.flush());
    assertTrue(second.flush());

    assertEquals(130, parts.count("usage_record"));
    long distinctIds = parts.jpa().read(em -> ((Number) em.createNativeQuery(
        "select count(distinct id) from usage_record").getSingleResult()).longValue());
    assertEquals(130, distinctIds);
    // Written by plain JDBC, found by an instant bound through Hibernate: both sides agree on UTC.
    Instant at = HOUR.plusMillis(77 * 1_001L + 123);
    Object[] row = parts.jpa().read(em -> (Object[]) em.createNativeQuery("""
            select model, upstream_model, endpoint, status, error_code, prompt_tokens, total_ms, flags, request_id
            from usage_record where at = ?1""").setParameter(1, at).getSingleResult());
    assertEquals("gpt-4o", row[0]);
    assertEquals(null, row[1], "the upstream model is stored only when it differs");
    assertEquals("/chat/completions", row[2]);
    assertEquals(200, ((Number) row[3]).intValue());
    assertEquals(null, row[4]);
    assertEquals(77, ((Number) row[5]).intValue());
    assertEquals(77, ((Number) row[6]).intValue());
    assertEquals(0, ((Number) row[7]).intValue());
    assertEquals("req_" + at.toEpochMilli(), row[8]);
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void longAndFourByteNamesAreStoredAndLaterRecordsStillLand(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    UsageRecorder recorder = new UsageRecorder(new UsageStore(parts.jpa()), 1000, 100);
    List<String> names = List.of("m".repeat(250), "x".repeat(10_000), "\uD83D\uDE00".repeat(150),
        "a" + "\uD83D\uDE00".repeat(120), "nul\u0000model");
    int i = 0;
    for (String name : names) {
      i++;
      recorder.record(new UsageRecord(HOUR.plusSeconds(i), i, i, name, name + "-up", "/" + name, 502, name,
          1, 2, new Tokens(1, 1, 0, 0), false, false, "req_" + name));
    }
    assertTrue(recorder.flush(), "a batch of long names is written");
    recorder.record(record(HOUR.plusSeconds(100), 100, 100, "gpt-4o", 200, Tokens.NONE, 5));
    assertTrue(recorder.flush(), "and so are the records after it");

    assertEquals(6, parts.count("usage_record"));
    assertEquals(6, parts.count("usage_hourly"));
    assertEquals(0, recorder.quarantined());
    assertEquals(6, new UsageReport(parts.jpa()).total(HOUR, HOUR.plusSeconds(3600)).requests());
    List<?> models = parts.jpa().read(em -> em.createNativeQuery("select model from usage_hourly order by key_id")
        .getResultList());
    assertEquals(200, ((String) models.get(0)).length());
    assertEquals("\uD83D\uDE00".repeat(100), models.get(2), "cut between characters, never inside one");
    assertEquals("a" + "\uD83D\uDE00".repeat(99), models.get(3));
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void aRecordTheDatabaseRefusesIsQuarantinedWhileTheRestOfTheBatchLands(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    // A data error no bound prevents: a constraint the poisoned record breaks.
    parts.jpa().run(em -> em.createNativeQuery(
        "alter table usage_record add constraint usage_poison check (request_id <> 'req_poison')").executeUpdate());
    try {
      UsageRecorder recorder = new UsageRecorder(new UsageStore(parts.jpa()), 1000, 100);
      for (int i = 0; i < 9; i++) recorder.record(record(HOUR.plusSeconds(i), 1, 1, "gpt-4o", 200, Tokens.NONE, 5));
      recorder.record(new UsageRecord(HOUR.plusSeconds(20), 1, 1, "gpt-4o", null, "/chat/completions", 200, null, 1,
          2, Tokens.NONE, false, false, "req_poison"));
      for (int i = 30; i < 35; i++) recorder.record(record(HOUR.plusSeconds(i), 1, 1, "gpt-4o", 200, Tokens.NONE, 5));

      assertTrue(recorder.flush());
      assertEquals(14, parts.count("usage_record"), "every record but the refused one");
      assertEquals(1, recorder.quarantined());
      assertEquals(15, new UsageReport(parts.jpa()).total(HOUR, HOUR.plusSeconds(3600)).requests(),
          "the hour's totals still count it");

      recorder.record(record(HOUR.plusSeconds(50), 1, 1, "gpt-4o", 200, Tokens.NONE, 5));
      assertTrue(recorder.flush());
      assertEquals(15, parts.count("usage_record"));
      assertEquals(1, recorder.quarantined());
    } finally {
      parts.jpa().run(em -> em.createNativeQuery("alter table usage_record drop constraint usage_poison")
          .executeUpdate());
    }
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void costIsKeptPerRowAndSummedPerKeyTeamRouteAndModelUnpricedCounted(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    long research = parts.keys().issue(new ClientKeySpec("r1", List.of(), null, null, true,
        "research", null)).stored().id();
    long solo = parts.keys().issue(new ClientKeySpec("solo", List.of(), null, true)).stored().id();
    UsageRecorder recorder = new UsageRecorder(new UsageStore(parts.jpa()), 1000, 100);
    recorder.record(priced(HOUR.plusSeconds(1), research, "gpt-4o", new Cost(1_500_000_000L, true)));
    recorder.record(priced(HOUR.plusSeconds(2), research, "gpt-4o", new Cost(250_000_000L, true)));
    recorder.record(priced(HOUR.plusSeconds(3), solo, "o1", Cost.UNPRICED));
    assertTrue(recorder.flush());

    UsageReport report = new UsageReport(parts.jpa());
    Instant to = HOUR.plus(2, ChronoUnit.DAYS);
    UsageTotals all = report.total(HOUR.minus(1, ChronoUnit.DAYS), to);
    assertEquals(1_750_000_000L, all.costNanos());
    assertEquals(1.75, all.costUsd());
    assertEquals(1, all.unpriced());
    List<UsageReport.Row> byTeam = report.totals(HOUR, to, UsageReport.Dimension.TEAM);
    assertEquals(1_750_000_000L, byTeam.stream().filter(r -> r.id().equals("research")).findFirst().orElseThrow()
        .totals().costNanos());
    assertEquals(1, byTeam.stream().filter(r -> r.id().isEmpty()).findFirst().orElseThrow().totals().unpriced());
    assertEquals(1_750_000_000L, report.totals(HOUR, to, UsageReport.Dimension.KEY).stream()
        .filter(r -> r.id().equals(String.valueOf(research))).findFirst().orElseThrow().totals().costNanos());
    Object raw = parts.jpa().read(em -> em.createNativeQuery("select sum(cost_nanos) from usage_record")
        .getSingleResult());
    assertEquals(1_750_000_000L, ((Number) raw).longValue());
  }

  static UsageRecord priced(Instant at, long key, String model, Cost cost) {
    return new UsageRecord(at, key, 7, model, null, "/chat/completions", 200, null, 40, 100, new Tokens(10, 5, 0, 0),
        false, false, "req_" + at.toEpochMilli(), cost);
  }
}
