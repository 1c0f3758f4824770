package org.airouter.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.airouter.keys.Budget;

/** The calendar period a budget counts in, in the configured time zone: its id (part of a counter's key) and bounds. */
record BudgetPeriod(String id, Instant start, Instant end) {

  static BudgetPeriod of(Budget.Period period, Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    return switch (period) {
      case DAY -> {
        LocalDate day = local.toLocalDate();
        yield new BudgetPeriod("d" + day, day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());
      }
      case MONTH -> {
        YearMonth month = YearMonth.from(local);
        yield new BudgetPeriod("m" + month, month.atDay(1).atStartOfDay(zone).toInstant(),
            month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
      }
      case TOTAL -> new BudgetPeriod("all", Instant.EPOCH, null);
    };
  }

  /** How long its counter is kept: a day past the period's end, or forever. */
  long ttlMillis(Instant now) {
    return end == null ? 0 : end.toEpochMilli() - now.toEpochMilli() + 86_400_000L;
  }
}
