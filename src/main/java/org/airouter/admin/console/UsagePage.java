package org.airouter.admin.console;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.airouter.usage.UsageReport;
import org.airouter.usage.UsageReport.Bucket;
import org.airouter.usage.UsageReport.Dimension;
import org.airouter.usage.UsageTotals;

/** Usage over the last 24 h, 7 d or 30 d (usage.xhtml?range=…): totals, three charts, and tables by route, key, model. */
@Named
@ViewScoped
public class UsagePage implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ConsoleServices services;

  private String range = "24h";
  private UsageTotals total;
  private List<UsageReport.Row> byRoute;
  private List<UsageReport.Row> byKey;
  private List<UsageReport.Row> byModel;
  private List<UsageReport.Row> byTeam;
  private String requestsChart;
  private String tokensChart;
  private String latencyChart;

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
    byTeam = services.usage().totals(from, to, Dimension.TEAM);
    List<UsageReport.Point> series = services.usage().series(from, to, bucket, null);
    String per = bucket == Bucket.HOUR ? "hour" : "day";
    requestsChart = UsageCharts.chart("Requests per " + per + ", errors highlighted", "errors", series, from, to, unit,
        UsageTotals::requests, UsageTotals::errors);
    tokensChart = UsageCharts.chart("Tokens per " + per + ", completion highlighted", "completion tokens", series,
        from, to, unit, UsageTotals::totalTokens, UsageTotals::completionTokens);
    latencyChart = UsageCharts.latency("Average latency per " + per + ", time to first byte highlighted", series, from,
        to, unit);
  }

  public String getRange() { return range; }
  public void setRange(String range) { this.range = range == null ? "24h" : range; }
  public UsageTotals getTotal() { return total; }
  public List<UsageReport.Row> getByRoute() { return byRoute; }
  public List<UsageReport.Row> getByKey() { return byKey; }
  public List<UsageReport.Row> getByModel() { return byModel; }
  public List<UsageReport.Row> getByTeam() { return byTeam; }
  public String getRequestsChart() { return requestsChart; }
  public String getTokensChart() { return tokensChart; }
  public String getLatencyChart() { return latencyChart; }
}
