package org.airouter.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A spending ceiling in USD per calendar day, calendar month (in the budget time zone) or in all. */
public record Budget(double usd, Period period) {

  public enum Period {
    DAY, MONTH, TOTAL;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public static Optional<Period> byId(String id) {
      for (Period p : values()) if (p.id().equals(id)) return Optional.of(p);
      return Optional.empty();
    }
  }

  /** The ceiling in billionths of a USD, the unit every counter and usage row uses. */
  public long nanos() { return Math.round(usd * 1e9); }

  List<String> problems(String where) {
    List<String> problems = new ArrayList<>();
    if (!(usd >= 0) || usd > 1e9) problems.add(where + ".usd: must be a number from 0 to 10^9");
    if (period == null) problems.add(where + ".period: must be day, month or total");
    return problems;
  }
}
