package org.airouter.admin.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.airouter.usage.UsageReport;
import org.airouter.usage.UsageTotals;

/** Turns a usage series into the usage page's charts: every bucket of the range drawn, empty ones included. */
final class UsageCharts {
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  private UsageCharts() {}

  /**
   * @param value what a bar's height shows
   * @param part  the highlighted part of it (errors of requests, completion of tokens)
   */
  static String chart(String title, String partName, List<UsageReport.Point> series, Instant from, Instant to,
                      ChronoUnit unit, ToDoubleFunction<UsageTotals> value, ToDoubleFunction<UsageTotals> part) {
    return SvgChart.bars(title, bars(series, from, to, unit, value, part), partName);
  }

  /**
   * Average latency per bucket, the average time to the first byte highlighted inside it (the rest of the bar is
   * the time spent streaming the answer). From the rollups' sums, so an hour's bar is exact whatever its traffic.
   */
  static String latency(String title, List<UsageReport.Point> series, Instant from, Instant to, ChronoUnit unit) {
    return SvgChart.bars(title, bars(series, from, to, unit, UsageTotals::averageMs, UsageTotals::averageFirstByteMs),
        "to first byte", SvgChart::milliseconds);
  }

  private static List<SvgChart.Bar> bars(List<UsageReport.Point> series, Instant from, Instant to, ChronoUnit unit,
                                         ToDoubleFunction<UsageTotals> value, ToDoubleFunction<UsageTotals> part) {
    Map<Instant, UsageTotals> byStart = series.stream()
        .collect(Collectors.toMap(UsageReport.Point::start, UsageReport.Point::totals, UsageTotals::plus));
    DateTimeFormatter labels = unit == ChronoUnit.HOURS ? HOUR : DAY;
    List<SvgChart.Bar> bars = new ArrayList<>();
    for (Instant at = from.truncatedTo(unit); at.isBefore(to); at = at.plus(1, unit)) {
      UsageTotals t = byStart.getOrDefault(at, UsageTotals.ZERO);
      bars.add(new SvgChart.Bar(labels.format(at), value.applyAsDouble(t), part.applyAsDouble(t)));
    }
    return bars;
  }
}
