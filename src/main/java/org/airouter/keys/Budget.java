package org.airouter.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.airouter.validation.Problem;

/** A spending ceiling in USD per calendar day, calendar month (in the budget time zone) or in all. */
public record Budget(double usd, Period period) {

  public enum Period {
    DAY, MONTH, TOTAL;

    /** Every id, as a Bean Validation pattern and as words for messages; ChoicesTest keeps them the values. */
    public static final String IDS = "day|month|total";
    public static final String CHOICES = "day, month or total";

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public static Optional<Period> byId(String id) {
      for (Period p : values()) if (p.id().equals(id)) return Optional.of(p);
      return Optional.empty();
    }
  }

  /** The ceiling in billionths of a USD, the unit every counter and usage row uses. */
  public long nanos() { return Math.round(usd * 1e9); }

  List<Problem> problems(String where) {
    List<Problem> problems = new ArrayList<>();
    if (!(usd >= 0) || usd > 1e9) problems.add(new Problem(where + ".usd", "must be a number from 0 to 10^9"));
    if (period == null) problems.add(new Problem(where + ".period", "must be " + Period.CHOICES));
    return problems;
  }
}
