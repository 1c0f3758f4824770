package org.airouter.admin.console;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.airouter.usage.UsageReport;
import org.airouter.usage.UsageReport.Bucket;
import org.airouter.usage.UsageReport.Dimension;
import org.airouter.usage.UsageTotals;

/** Usage over the last 24 h, 7 d or 30 d (usage.xhtml?range=…): totals, two charts, and tables by route, key, model. */
@Named
@ViewScoped
public class UsagePage implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Inject ConsoleServices services;

  private String range = "24h";
  private UsageTotals total;
  private List<UsageReport.Row> byRoute;
  private List<UsageReport.Row> byKey;
  private List<UsageReport.Row> byModel;
  private String requestsChart;
  private String tokensChart;

  /** The view action. */
  public void load() {
    Duration span = switch (range) {
      case "7d" -> Duration.ofDays(7);
      case "30d" -> Duration.ofDays(30);
      default -> {
        range = "24h";
        yield Duration.ofHours(24);
      }
    };
    Bucket bucket = span.toHours() <= 24 ? Bucket.HOUR : Bucket.DAY;
    ChronoUnit unit = bucket == Bucket.HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS;
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    Instant from = to.minus(span);
    total = services.usage().total(from, to);
    byRoute = services.usage().totals(from, to, Dimension.ROUTE);
    byKey = services.usage().totals(from, to, Dimension.KEY);
    byModel = services.usage().totals(from, to, Dimension.MODEL);
    Map<Instant, UsageTotals> series = services.usage().series(from, to, bucket, null).stream()
        .collect(Collectors.toMap(UsageReport.Point::start, UsageReport.Point::totals, UsageTotals::plus));
    DateTimeFormatter labels = bucket == Bucket.HOUR ? HOUR : DAY;
    requestsChart = SvgChart.bars("Requests per " + unit.toString().toLowerCase(Locale.ROOT).replaceAll("s$", "")
        + ", errors highlighted", bars(from, to, unit, series, labels, t -> (double) t.requests(), t -> (double) t.errors()), "errors");
    tokensChart = SvgChart.bars("Tokens per " + unit.toString().toLowerCase(Locale.ROOT).replaceAll("s$", "")
        + ", completion highlighted", bars(from, to, unit, series, labels, t -> (double) t.totalTokens(),
        t -> (double) t.completionTokens()), "completion tokens");
  }

  /** Every bucket of the range, empty ones included, so the time axis is even. */
  private static List<SvgChart.Bar> bars(Instant from, Instant to, ChronoUnit unit, Map<Instant, UsageTotals> series,
                                         DateTimeFormatter labels, Function<UsageTotals, Double> value,
                                         Function<UsageTotals, Double> part) {
    List<SvgChart.Bar> bars = new ArrayList<>();
    for (Instant at = from.truncatedTo(unit); at.isBefore(to); at = at.plus(1, unit)) {
      UsageTotals t = series.getOrDefault(at, UsageTotals.ZERO);
      bars.add(new SvgChart.Bar(labels.format(at), value.apply(t), part.apply(t)));
    }
    return bars;
  }

  public String getRange() { return range; }
  public void setRange(String range) { this.range = range == null ? "24h" : range; }
  public UsageTotals getTotal() { return total; }
  public List<UsageReport.Row> getByRoute() { return byRoute; }
  public List<UsageReport.Row> getByKey() { return byKey; }
  public List<UsageReport.Row> getByModel() { return byModel; }
  public String getRequestsChart() { return requestsChart; }
  public String getTokensChart() { return tokensChart; }
}
