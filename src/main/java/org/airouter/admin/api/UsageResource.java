package org.airouter.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.airouter.usage.UsageReport;
import org.airouter.usage.UsageTotals;
import org.airouter.security.Allowed;
import org.airouter.security.Role;
import org.airouter.validation.Invalid;
import org.airouter.validation.Problem;

/**
 * Usage totals (cost in USD included) and time series by key, team, route or model, over a range ({@code from}, {@code to}: ISO-8601 instants;
 * default the last 24 hours) in hour or day buckets.
 */
@Allowed(Role.VIEWER)
@Path("usage")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {
  @Inject UsageReport report;

  /** Sums, with the averages a dashboard shows. */
  public record TotalsJson(long requests, long errors, long clientGone, long promptTokens, long completionTokens,
                           long totalTokens, long cachedTokens, long reasoningTokens, double averageMs,
                           long maxMs, double averageFirstByteMs, double costUsd, long unpricedRequests) {
    static TotalsJson of(UsageTotals t) {
      return new TotalsJson(t.requests(), t.errors(), t.clientGone(), t.promptTokens(), t.completionTokens(),
          t.totalTokens(), t.cachedTokens(), t.reasoningTokens(), round(t.averageMs()), t.totalMsMax(),
          round(t.averageFirstByteMs()), t.costNanos() / 1e9, t.unpriced());
    }

    private static double round(double ms) { return Math.round(ms * 10) / 10.0; }
  }

  /** One group: a key or route id with its name, or a model name. */
  public record GroupJson(String id, String label, TotalsJson totals) {}

  /** One bucket of the series (of one group, when grouped). */
  public record PointJson(Instant start, String id, String label, TotalsJson totals) {}

  public record UsageJson(Instant from, Instant to, String by, String bucket, TotalsJson totals,
                          List<GroupJson> groups, List<PointJson> series) {}

  @GET
  public UsageJson usage(@QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("by") String by, @QueryParam("bucket") String bucket) {
    List<Problem> problems = new ArrayList<>();
    Instant end = Inputs.instant("to", to, Instant.now(), problems);
    Instant start = Inputs.instant("from", from, end.minus(Duration.ofDays(1)), problems);
    UsageReport.Dimension dimension = choice("by", by, UsageReport.Dimension.class, UsageReport.Dimension.MODEL,
        problems);
    UsageReport.Bucket size = choice("bucket", bucket, UsageReport.Bucket.class, UsageReport.Bucket.HOUR, problems);
    if (problems.isEmpty() && !start.isBefore(end)) problems.add(new Problem("from", "must be before to"));
    if (!problems.isEmpty()) throw new InvalidQuery(problems);

    List<UsageReport.Row> rows = report.totals(start, end, dimension);
    List<GroupJson> groups = rows.stream()
        .map(row -> new GroupJson(row.id(), row.label(), TotalsJson.of(row.totals()))).toList();
    UsageTotals all = rows.stream().map(UsageReport.Row::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
    List<PointJson> series = report.series(start, end, size, dimension).stream()
        .map(p -> new PointJson(p.start(), p.id(), p.label(), TotalsJson.of(p.totals()))).toList();
    return new UsageJson(start, end, dimension.name().toLowerCase(Locale.ROOT), size.name().toLowerCase(Locale.ROOT),
        TotalsJson.of(all), groups, series);
  }


  private static <E extends Enum<E>> E choice(String name, String value, Class<E> type, E fallback,
                                              List<Problem> problems) {
    if (value == null || value.isBlank()) return fallback;
    for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(value.trim())) return e;
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) allowed.add(e.name().toLowerCase(Locale.ROOT));
    problems.add(new Problem(name, "must be one of " + String.join(", ", allowed)));
    return fallback;
  }

  /** A query parameter that cannot be used; every problem as "param: reason". */
  public static final class InvalidQuery extends Invalid {
    InvalidQuery(List<Problem> problems) { super(problems); }
  }
}
