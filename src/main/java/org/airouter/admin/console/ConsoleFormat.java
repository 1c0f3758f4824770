package org.airouter.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import jakarta.json.JsonObject;
import java.util.List;

/** How the pages write times and numbers: {@code #{fmt.time(x)}}. UTC, as the server logs. */
@Named("fmt")
@ApplicationScoped
public class ConsoleFormat {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  public String time(Instant at) { return at == null ? "—" : TIME.format(at); }

  public String day(Instant at) { return at == null ? "never" : DAY.format(at); }

  /** "3 min ago", "2 h ago": for last-used columns. */
  public String ago(Instant at) {
    if (at == null) return "never";
    Duration d = Duration.between(at, Instant.now());
    if (d.toMinutes() < 1) return "just now";
    if (d.toHours() < 1) return d.toMinutes() + " min ago";
    if (d.toDays() < 1) return d.toHours() + " h ago";
    return d.toDays() + " d ago";
  }

  /** "1 route", "2 routes": a count a person reads, for nouns whose plural ends in s. */
  public static String count(long n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }

  /** {@link #count(long, String)} for the pages: {@code #{fmt.counted(n, 'target')}}. */
  public String counted(long n, String noun) { return count(n, noun); }

  public String list(List<String> items) { return String.join(", ", items); }

  /** An OpenAI usage object as "12 in · 34 out · 46 total". */
  public String usage(JsonObject usage) {
    if (usage == null) return "—";
    return usage.getJsonNumber("prompt_tokens") + " in · " + usage.getJsonNumber("completion_tokens") + " out · "
        + usage.getJsonNumber("total_tokens") + " total";
  }

  public String count(long n) { return String.format(Locale.ROOT, "%,d", n); }

  public String ms(double ms) { return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : Math.round(ms) + " ms"; }

  public String percent(long part, long whole) {
    return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  /** A cost in billionths of a USD as "$1.23" (or more digits for small sums: "$0.0042"). */
  public String usd(long nanos) {
    double usd = nanos / 1e9;
    return usd == 0 || Math.abs(usd) >= 1 ? String.format(Locale.ROOT, "$%,.2f", usd)
        : String.format(Locale.ROOT, "$%.4f", usd);
  }
}
