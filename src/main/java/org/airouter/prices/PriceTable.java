package org.airouter.prices;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.airouter.routing.MatchKind;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;

/**
 * An immutable snapshot of the price table, and what a request costs by it. The price of an upstream model on a day
 * (UTC) is the first row, in this order, that names the model and has begun by then: an exact name before a glob, a
 * row for the provider before one for any provider, a longer glob before a shorter; among rows alike, the one that
 * began last. Candidates per provider and model are cached, so a request pays one map lookup.
 */
public final class PriceTable {
  public static final PriceTable EMPTY = new PriceTable(List.of());

  private record Row(PriceSpec spec, Pattern pattern, boolean exact) {}

  private final List<Row> rows;
  private final ConcurrentHashMap<String, List<PriceSpec>> candidates = new ConcurrentHashMap<>();

  private PriceTable(List<Row> rows) { this.rows = rows; }

  public static PriceTable of(List<PriceSpec> specs) {
    List<Row> rows = new ArrayList<>();
    for (PriceSpec s : specs) {
      boolean exact = s.model().indexOf('*') < 0 && s.model().indexOf('?') < 0;
      rows.add(new Row(s, exact ? null : MatchKind.globToRegex(s.model()), exact));
    }
    return new PriceTable(List.copyOf(rows));
  }

  /** The price of the model at that instant, or null when none applies. */
  public PriceSpec find(String provider, String model, Instant at) {
    if (model == null || rows.isEmpty()) return null;
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    List<PriceSpec> list = candidates.get(provider + "\n" + model);
    if (list == null) {
      if (candidates.size() > 10_000) candidates.clear();   // bounded: models are few, but names come from clients
      list = candidatesFor(provider, model);
      candidates.put(provider + "\n" + model, list);
    }
    for (PriceSpec p : list) if (!p.effectiveFrom().isAfter(day)) return p;
    return null;
  }

  /** What these tokens cost by the price in force; {@link Cost#UNPRICED} without one. */
  public Cost cost(String provider, String model, Tokens tokens, Instant at) {
    PriceSpec price = find(provider, model, at);
    if (price == null) return Cost.UNPRICED;
    return new Cost(cost(price, tokens), true);
  }

  /** Billionths of a USD: a price per million tokens is a thousand billionths per token. */
  public static long cost(PriceSpec price, Tokens tokens) {
    int cached = Math.min(Math.max(0, tokens.cached()), Math.max(0, tokens.prompt()));
    double cachedPrice = price.cachedInputPerMTok() == null ? price.inputPerMTok() : price.cachedInputPerMTok();
    double nanos = 1000.0 * ((double) (tokens.prompt() - cached) * price.inputPerMTok() + (double) cached * cachedPrice
        + (double) tokens.completion() * price.outputPerMTok());
    return Math.round(nanos);
  }

  /** The most a request of so many prompt and completion tokens may cost (no cached discount assumed). */
  public static long maxCost(PriceSpec price, long promptTokens, long completionTokens) {
    return Math.round(1000.0 * (promptTokens * price.inputPerMTok() + completionTokens * price.outputPerMTok()));
  }

  public boolean isEmpty() { return rows.isEmpty(); }

  private List<PriceSpec> candidatesFor(String provider, String model) {
    List<Row> matching = new ArrayList<>();
    for (Row r : rows) {
      boolean named = r.exact ? r.spec.model().equals(model) : r.pattern.matcher(model).matches();
      boolean providerOk = r.spec.provider() == null || r.spec.provider().equals(provider);
      if (named && providerOk) matching.add(r);
    }
    matching.sort(Comparator.<Row>comparingInt(r -> r.exact ? 0 : 1)
        .thenComparingInt(r -> r.spec.provider() != null ? 0 : 1)
        .thenComparingInt(r -> -r.spec.model().length())
        .thenComparing(r -> r.spec.effectiveFrom(), Comparator.reverseOrder()));
    return matching.stream().map(Row::spec).toList();
  }
}
