package org.airouter.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.airouter.persistence.Jpa;

/**
 * The read side of usage, for the console and the admin API: totals and time series by key, route or model, from
 * the hourly rollup (so a query costs the same whatever the size of the raw table).
 */
public class UsageReport {
  private final Jpa jpa;

  public UsageReport(Jpa jpa) { this.jpa = jpa; }

  /** What usage is grouped by. {@code label} is the key's or route's name (null if it was deleted since). */
  public enum Dimension {
    KEY("u.key_id", "k.name"), ROUTE("u.route_id", "r.name"), MODEL("u.model", "u.model");

    private final String column;
    private final String label;

    Dimension(String column, String label) {
      this.column = column;
      this.label = label;
    }
  }

  public enum Bucket { HOUR, DAY }

  /** One group's totals: {@code id} is the key or route id, or the model name. */
  public record Row(String id, String label, UsageTotals totals) {}

  /** One bucket of a series: {@code id} and {@code label} are null for the series of everything. */
  public record Point(Instant start, String id, String label, UsageTotals totals) {}

  /** Totals per group over {@code [from, to)}, largest request count first. */
  public List<Row> totals(Instant from, Instant to, Dimension by) {
    List<Object[]> rows = query(from, to, by, false);
    List<Row> out = new ArrayList<>();
    for (Object[] row : rows) out.add(new Row(String.valueOf(row[0]), (String) row[1], totals(row, 2)));
    out.sort((a, b) -> Long.compare(b.totals().requests(), a.totals().requests()));
    return out;
  }

  /** Everything over {@code [from, to)}. */
  public UsageTotals total(Instant from, Instant to) {
    return totals(from, to, Dimension.MODEL).stream().map(Row::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
  }

  /** A time series over {@code [from, to)}, per group when {@code by} is given; buckets start on UTC hours or days. */
  public List<Point> series(Instant from, Instant to, Bucket bucket, Dimension by) {
    List<Object[]> rows = query(from, to, by, true);
    Map<String, Point> points = new LinkedHashMap<>();
    for (Object[] row : rows) {
      Instant hour = toInstant(row[0]);
      Instant start = bucket == Bucket.DAY ? hour.truncatedTo(ChronoUnit.DAYS) : hour;
      String id = by == null ? null : String.valueOf(row[1]);
      String label = by == null ? null : (String) row[2];
      UsageTotals totals = totals(row, by == null ? 1 : 3);
      points.merge(start + "\n" + id, new Point(start, id, label, totals),
          (a, b) -> new Point(a.start(), a.id(), a.label(), a.totals().plus(b.totals())));
    }
    List<Point> out = new ArrayList<>(points.values());
    out.sort((a, b) -> a.start().compareTo(b.start()));
    return out;
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> query(Instant from, Instant to, Dimension by, boolean perHour) {
    String sums = "sum(u.requests), sum(u.errors), sum(u.client_gone), sum(u.prompt_tokens), "
        + "sum(u.completion_tokens), sum(u.cached_tokens), sum(u.reasoning_tokens), sum(u.total_ms_sum), "
        + "max(u.total_ms_max), sum(u.first_byte_ms_sum)";
    List<String> select = new ArrayList<>();
    List<String> group = new ArrayList<>();
    if (perHour) {
      select.add("u.hour_start");
      group.add("u.hour_start");
    }
    if (by != null) {
      select.add(by.column);
      select.add(by.label);
      group.add(by.column);
      if (!by.label.equals(by.column)) group.add(by.label);
    }
    String sql = "select " + String.join(", ", select) + (select.isEmpty() ? "" : ", ") + sums
        + " from usage_hourly u left join route r on r.id = u.route_id left join client_key k on k.id = u.key_id"
        + " where u.hour_start >= ?1 and u.hour_start < ?2"
        + (group.isEmpty() ? "" : " group by " + String.join(", ", group))
        + (perHour ? " order by u.hour_start" : "");
    return jpa.read(em -> em.createNativeQuery(sql).setParameter(1, from).setParameter(2, to).getResultList());
  }

  private static UsageTotals totals(Object[] row, int at) {
    return new UsageTotals(num(row[at]), num(row[at + 1]), num(row[at + 2]), num(row[at + 3]), num(row[at + 4]),
        num(row[at + 5]), num(row[at + 6]), num(row[at + 7]), num(row[at + 8]), num(row[at + 9]));
  }

  private static long num(Object value) { return value == null ? 0 : ((Number) value).longValue(); }

  private static Instant toInstant(Object value) {
    if (value instanceof Instant instant) return instant;
    if (value instanceof java.sql.Timestamp ts) return ts.toInstant();
    if (value instanceof java.time.OffsetDateTime odt) return odt.toInstant();
    if (value instanceof java.time.LocalDateTime ldt) return ldt.toInstant(java.time.ZoneOffset.UTC);
    throw new IllegalStateException("unexpected timestamp type " + value.getClass());
  }
}
