package org.airouter.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.airouter.keys.Budget;
import org.airouter.keys.ClientKey;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;
import org.airouter.keys.Team;
import org.airouter.limits.Limiter;
import org.airouter.prices.Price;
import org.airouter.prices.PriceService;
import org.airouter.prices.PriceSpec;

/**
 * Limits and prices: each limited key and each team with its limits and its spend against its budget, who was
 * refused recently (on this instance), the limits store, and the price table (add, delete).
 */
@Named
@ViewScoped
public class LimitsPage implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One key or team as the page shows it; {@code spent} and {@code budget} in billionths of a USD. */
  public record Row(String kind, String name, String team, String limits, long spent, long budget, String period) {
    /** The bar's width in percent, at most 100. */
    public int percent() { return budget <= 0 ? 0 : (int) Math.min(100, spent * 100 / budget); }
    public boolean hasBudget() { return period != null; }
  }

  @Inject ConsoleServices services;

  private List<Row> rows;
  private List<Price> prices;
  private List<Limiter.Refusal> refusals;
  private String model;
  private String provider;
  private String input;
  private String cached;
  private String output;
  private String effectiveFrom;

  @PostConstruct
  void load() {
    Limiter limiter = services.limiter();
    rows = new ArrayList<>();
    for (ClientKey k : services.keys().all()) {
      LimitPolicy p = k.policy();
      if (p.isEmpty() && k.team() == null) continue;
      rows.add(row("key", k.name(), k.team(), p, limiter.spentNanos(false, String.valueOf(k.id()), p.budget())));
    }
    for (Team t : services.teams().all()) {
      LimitPolicy p = t.policy();
      rows.add(row("team", t.name(), null, p, limiter.spentNanos(true, t.name(), p.budget())));
    }
    prices = services.prices().all();
    refusals = limiter.recentRefusals();
  }

  private static Row row(String kind, String name, String team, LimitPolicy p, long spent) {
    Budget b = p.budget();
    return new Row(kind, name, team, describe(p), spent, b == null ? 0 : b.nanos(), b == null ? null : b.period().id());
  }

  /** "60 rpm · 100,000 tpm · 4 at once; gpt-4o*: 10 rpm". */
  static String describe(LimitPolicy p) {
    List<String> parts = new ArrayList<>();
    if (!p.limits().isEmpty()) parts.add(describe(p.limits()));
    p.modelLimits().forEach((glob, l) -> parts.add(glob + ": " + describe(l)));
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }

  private static String describe(Limits l) {
    List<String> parts = new ArrayList<>();
    if (l.rpm() != null) parts.add(String.format(Locale.ROOT, "%,d rpm", l.rpm()));
    if (l.tpm() != null) parts.add(String.format(Locale.ROOT, "%,d tpm", l.tpm()));
    if (l.maxConcurrent() != null) parts.add(l.maxConcurrent() + " at once");
    return String.join(" · ", parts);
  }

  public String addPrice() {
    try {
      PriceSpec spec = new PriceSpec(model, provider, number(input, "price:inputPerMTok"),
          cached == null || cached.isBlank() ? null : number(cached, "price:cachedInputPerMTok"),
          number(output, "price:outputPerMTok"),
          effectiveFrom == null || effectiveFrom.isBlank() ? null : LocalDate.parse(effectiveFrom.trim()));
      services.prices().create(spec);
      Messages.info("Price for " + spec.model() + " added; requests recorded from now on are charged by it.");
      return Messages.redirect("/console/limits");
    } catch (PriceService.InvalidPrice e) {
      Messages.problems("price", e.problems());
    } catch (DateTimeParseException e) {
      Messages.fieldError("price:effectiveFrom", "Not a date.");
    } catch (NumberFormatException e) {
      // the field's message is already set
    }
    return null;
  }

  public String deletePrice(long id) {
    try {
      services.prices().delete(id);
      Messages.info("Price deleted; what was charged by it stays as charged.");
    } catch (PriceService.PriceNotFound e) {
      Messages.error(e.getMessage());
    }
    return Messages.redirect("/console/limits");
  }

  private static double number(String text, String field) {
    try {
      return Double.parseDouble(text == null ? "" : text.trim());
    } catch (NumberFormatException e) {
      Messages.fieldError(field, "A number of USD per million tokens, such as 2.5.");
      throw e;
    }
  }

  public String getStore() {
    Limiter limiter = services.limiter();
    return limiter.storeProblem().orElse(limiter.describeStore() + ", answering; "
        + (limiter.failOpen() ? "fails open" : "fails closed") + " if unreachable");
  }

  public List<Row> getRows() { return rows; }
  public List<Price> getPrices() { return prices; }
  public List<Limiter.Refusal> getRefusals() { return refusals; }
  public String getModel() { return model; }
  public void setModel(String model) { this.model = model; }
  public String getProvider() { return provider; }
  public void setProvider(String provider) { this.provider = provider; }
  public String getInput() { return input; }
  public void setInput(String input) { this.input = input; }
  public String getCached() { return cached; }
  public void setCached(String cached) { this.cached = cached; }
  public String getOutput() { return output; }
  public void setOutput(String output) { this.output = output; }
  public String getEffectiveFrom() { return effectiveFrom; }
  public void setEffectiveFrom(String effectiveFrom) { this.effectiveFrom = effectiveFrom; }
}
