package org.airouter.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.airouter.persistence.Jpa;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The read side of usage, for the console and the admin API: totals and time series by key, route or model, from
 * the rollups (so a query costs the same whatever the size of the raw table). Whole UTC days inside the range are
 * read from the daily rollup, the ragged hours at either end from the hourly one.
 */
public class UsageReport {
  private final Jpa jpa;

  public UsageReport(Jpa jpa) { this.jpa = jpa; }

  /** The label of requests that matched no route (refused before routing: unknown model, model not allowed, …). */
  public static final String NO_ROUTE = "no route";

  /**
   * What usage is grouped by. {@code label} is the key's or route's name, {@link #NO_ROUTE} for route id 0, null for
   * a key or route deleted since.
   */
  public enum Dimension {
    KEY("u.key_id", "k.name"), ROUTE("u.route_id", "r.name"), MODEL("u.model", "u.model"),
    /** By the team each key belongs to now (a key moved to another team takes its history along); "" for none. */
    TEAM("coalesce(k.team, '')", "coalesce(k.team, '')");

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

  /** A stretch of time and the rollup that covers it. */
  private record Segment(String table, String startColumn, Instant from, Instant to) {}

  /** Totals per group over {@code [from, to)}, largest request count first. */
  public List<Row> totals(Instant from, Instant to, Dimension by) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (Segment segment : segments(from, to)) {
      for (Object[] row : query(segment, by, false)) {
        String id = String.valueOf(row[0]);
        Row next = new Row(id, label(by, id, row[1]), totals(row, 2));
        rows.merge(next.id(), next, (a, b) -> new Row(a.id(), a.label(), a.totals().plus(b.totals())));
      }
    }
    List<Row> out = new ArrayList<>(rows.values());
    out.sort((a, b) -> Long.compare(b.totals().requests(), a.totals().requests()));
    return out;
  }

  /** What one key (by id) or team (by name) cost over {@code [from, to)}, in billionths of a USD. */
  public long costNanos(Dimension by, String id, Instant from, Instant to) {
    return totals(from, to, by).stream().filter(r -> id.equals(r.id())).mapToLong(r -> r.totals().costNanos()).sum();
  }

  /** Everything over {@code [from, to)}. */
  public UsageTotals total(Instant from, Instant to) {
    return totals(from, to, Dimension.MODEL).stream().map(Row::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
  }

  /** A time series over {@code [from, to)}, per group when {@code by} is given; buckets start on UTC hours or days. */
  public List<Point> series(Instant from, Instant to, Bucket bucket, Dimension by) {
    List<Segment> segments = bucket == Bucket.HOUR ? List.of(hourly(from, to)) : segments(from, to);
    Map<String, Point> points = new LinkedHashMap<>();
    for (Segment segment : segments) {
      for (Object[] row : query(segment, by, true)) {
        Instant at = toInstant(row[0]);
        Instant start = bucket == Bucket.DAY ? at.truncatedTo(ChronoUnit.DAYS) : at;
        String id = by == null ? null : String.valueOf(row[1]);
        String label = by == null ? null : label(by, id, row[2]);
        Point next = new Point(start, id, label, totals(row, by == null ? 1 : 3));
        points.merge(start + "\n" + id, next,
            (a, b) -> new Point(a.start(), a.id(), a.label(), a.totals().plus(b.totals())));
      }
    }
    List<Point> out = new ArrayList<>(points.values());
    out.sort((a, b) -> a.start().compareTo(b.start()));
    return out;
  }

  private static String label(Dimension by, String id, Object name) {
    return by == Dimension.ROUTE && "0".equals(id) ? NO_ROUTE : (String) name;
  }

  private static List<Segment> segments(Instant from, Instant to) {
    Instant firstDay = from.truncatedTo(ChronoUnit.DAYS);
    if (firstDay.isBefore(from)) firstDay = firstDay.plus(1, ChronoUnit.DAYS);
    Instant lastDay = to.truncatedTo(ChronoUnit.DAYS);
    if (!firstDay.isBefore(lastDay)) return List.of(hourly(from, to));
    List<Segment> segments = new ArrayList<>();
    if (from.isBefore(firstDay)) segments.add(hourly(from, firstDay));
    segments.add(new Segment("usage_daily", "day_start", firstDay, lastDay));
    if (lastDay.isBefore(to)) segments.add(hourly(lastDay, to));
    return segments;
  }

  private static Segment hourly(Instant from, Instant to) { return new Segment("usage_hourly", "hour_start", from, to); }

  @SuppressWarnings("unchecked")
  private List<Object[]> query(Segment segment, Dimension by, boolean perBucket) {
    String sums = "sum(u.requests), sum(u.errors), sum(u.client_gone), sum(u.prompt_tokens), "
        + "sum(u.completion_tokens), sum(u.cached_tokens), sum(u.reasoning_tokens), sum(u.total_ms_sum), "
        + "max(u.total_ms_max), sum(u.first_byte_ms_sum), sum(u.cost_nanos), sum(u.unpriced)";
    String start = "u." + segment.startColumn();
    List<String> select = new ArrayList<>();
    List<String> group = new ArrayList<>();
    if (perBucket) {
      select.add(start);
      group.add(start);
    }
    if (by != null) {
      select.add(by.column);
      select.add(by.label);
      group.add(by.column);
      if (!by.label.equals(by.column)) group.add(by.label);
    }
    String sql = "select " + String.join(", ", select) + (select.isEmpty() ? "" : ", ") + sums
        + " from " + segment.table() + " u left join route r on r.id = u.route_id"
        + " left join client_key k on k.id = u.key_id"
        + " where " + start + " >= ?1 and " + start + " < ?2"
        + (group.isEmpty() ? "" : " group by " + String.join(", ", group))
        + (perBucket ? " order by " + start : "");
    return jpa.read(em -> em.createNativeQuery(sql).setParameter(1, segment.from()).setParameter(2, segment.to())
        .getResultList());
  }

  private static UsageTotals totals(Object[] row, int at) {
    return new UsageTotals(num(row[at]), num(row[at + 1]), num(row[at + 2]), num(row[at + 3]), num(row[at + 4]),
        num(row[at + 5]), num(row[at + 6]), num(row[at + 7]), num(row[at + 8]), num(row[at + 9]), num(row[at + 10]),
        num(row[at + 11]));
  }

  private static long num(Object value) { return value == null ? 0 : ((Number) value).longValue(); }

  private static Instant toInstant(Object value) {
    if (value instanceof Instant instant) return instant;
    if (value instanceof Timestamp ts) return ts.toInstant();
    if (value instanceof OffsetDateTime odt) return odt.toInstant();
    if (value instanceof LocalDateTime ldt) return ldt.toInstant(ZoneOffset.UTC);
    throw new IllegalStateException("unexpected timestamp type " + value.getClass());
  }
}
