package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.airouter.usage.UsageReport;
import org.airouter.usage.UsageTotals;
import org.junit.jupiter.api.Test;

class UsageChartsTest {
  static final Instant FROM = Instant.parse("2026-01-01T08:00:00Z");
  static final Instant TO = Instant.parse("2026-01-01T12:00:00Z");

  static UsageReport.Point point(String at, long requests, long totalMsSum, long firstByteMsSum) {
    return new UsageReport.Point(Instant.parse(at), null, null,
        new UsageTotals(requests, 0, 0, 0, 0, 0, 0, totalMsSum, totalMsSum, firstByteMsSum));
  }

  @Test void latencyBarsAreAveragesPerBucketWithTheFirstByteInside() {
    List<UsageReport.Point> series = List.of(point("2026-01-01T09:00:00Z", 2, 600, 200),
        point("2026-01-01T11:00:00Z", 4, 400, 40));

    String svg = UsageCharts.latency("Latency", series, FROM, TO, ChronoUnit.HOURS);

    assertEquals(4, svg.split("<g>", -1).length - 1, "one slot per hour of the range, empty hours included");
    assertEquals(List.of(111.6, 37.2), SvgChartTest.heights(svg, "bar"), "averages 300 and 100 ms on a 500 ms axis");
    assertEquals(List.of(37.2, 3.7), SvgChartTest.heights(svg, "bar-part"), "first byte 100 and 10 ms");
    assertTrue(svg.contains("<title>09:00: 300 ms, 100 ms to first byte</title>"), svg);
    assertTrue(svg.contains("<title>08:00: 0 ms, 0 ms to first byte</title>"), svg);
  }

  @Test void dailyBucketsForLongerRanges() {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    String svg = UsageCharts.latency("Latency", List.of(point("2026-01-03T00:00:00Z", 10, 15_000, 5_000)), from,
        from.plus(7, ChronoUnit.DAYS), ChronoUnit.DAYS);
    assertEquals(7, svg.split("<g>", -1).length - 1);
    assertTrue(svg.contains("<title>01-03: 1.5 s, 500 ms to first byte</title>"), svg);
    assertTrue(svg.contains(">2 s</text>"), "a 2 s axis: " + svg);
  }
}
