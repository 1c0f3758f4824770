package org.airouter.limits;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.airouter.keys.ActiveKey;
import org.airouter.keys.Budget;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;
import org.airouter.prices.PriceSpec;
import org.airouter.prices.PriceTable;
import org.airouter.routing.MatchKind;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Admits client requests against the limits and budgets of their key and the key's team: reserve, then settle.
 *
 * <p>At admission one atomic store call takes, from every counter that applies, 1 request (rpm), the token estimate
 * (tpm: body bytes / 4 plus {@code max_tokens}, {@code max_completion_tokens} or {@code max_output_tokens}, else the
 * default completion allowance), 1 concurrency slot, and the estimate's highest cost from the budget; if any counter
 * lacks room, nothing is taken and the request is refused. When the answer ends, {@link #settle} puts the real tokens
 * and cost in place of the estimate and gives the slot back. Rates count in fixed windows of one calendar minute (UTC);
 * budgets in calendar days or months of the configured time zone, or in all.
 */
public final class Limiter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Limiter.class.getName());
  static final long WINDOW_MS = 60_000;
  /** A concurrency slot an instance never gave back (it died mid-request) is forgotten after an idle hour. */
  static final long SLOT_TTL_MS = 3_600_000;

  /** Why a request was refused; {@code id} is the metric's label. */
  public enum Reason {
    RPM("rpm"), TPM("tpm"), CONCURRENCY("concurrency"), BUDGET("budget"), STORE("store_unavailable");

    private final String id;

    Reason(String id) { this.id = id; }

    public String id() { return id; }
  }

  /** A refusal, for the console's "who hit a limit recently". */
  public record Refusal(Instant at, String key, String team, Reason reason, String message) {}

  private final CounterStore store;
  private final Function<String, LimitPolicy> teams;
  private final Supplier<PriceTable> prices;
  private final ZoneId zone;
  private final LongSupplier clock;
  private final long defaultCompletionTokens;
  private final boolean failOpen;
  private final SpendSource spend;
  private final Map<Reason, LongAdder> refusals = new EnumMap<>(Reason.class);
  private final LongAdder storeFailures = new LongAdder();
  /** Budget counters this instance seeded, and when: seeded again after {@link #RESEED_MS} (a Redis that lost it). */
  private final ConcurrentHashMap<String, Long> seeded = new ConcurrentHashMap<>();
  static final long RESEED_MS = 600_000;
  private final ConcurrentHashMap<String, Pattern> globs = new ConcurrentHashMap<>();
  private final ArrayDeque<Refusal> recent = new ArrayDeque<>();
  private volatile String storeProblem;

  public Limiter(CounterStore store, Function<String, LimitPolicy> teams, Supplier<PriceTable> prices, ZoneId zone,
                 LongSupplier clockMillis, long defaultCompletionTokens, boolean failOpen, SpendSource spend) {
    this.store = store;
    this.teams = teams;
    this.prices = prices;
    this.zone = zone;
    this.clock = clockMillis;
    this.defaultCompletionTokens = defaultCompletionTokens;
    this.failOpen = failOpen;
    this.spend = spend;
    for (Reason r : Reason.values()) refusals.put(r, new LongAdder());
  }

  /** Key limits in this instance's memory, no teams, no prices: what a proxy built without a limiter gets. */
  public static Limiter inMemory() {
    return new Limiter(new MemoryCounters(), team -> null, () -> PriceTable.EMPTY, ZoneOffset.UTC,
        System::currentTimeMillis, DEFAULT_COMPLETION_TOKENS, true, SpendSource.NONE);
  }

  /** The completion allowance a request that names no {@code max_tokens} is estimated with. */
  public static final long DEFAULT_COMPLETION_TOKENS = 1024;

  /** What one bucket is for: its kind and, for the headers, the window it counts in. */
  private record Drawn(Bucket bucket, Reason kind) {}

  /**
   * Admits or refuses a request, once per client request, before its first upstream attempt.
   *
   * @param model          the model the client asked for (what {@code modelLimits} patterns match)
   * @param provider       the route's provider id and {@code upstreamModel} the model it is sent as (what prices match)
   * @param maxTokens      the request's own completion ceiling, or 0
   */
  public Admission admit(ActiveKey key, String model, String provider, String upstreamModel, long bodyBytes,
                         long maxTokens) {
    return admit(key, model, provider, upstreamModel, bodyBytes, () -> maxTokens);
  }

  /** As above, reading the request's completion ceiling only if the key or its team has limits. */
  public Admission admit(ActiveKey key, String model, String provider, String upstreamModel, long bodyBytes,
                         LongSupplier maxTokensOfBody) {
    LimitPolicy own = key.policy();
    LimitPolicy team = key.team() == null ? null : teams.apply(key.team());
    if (own.isEmpty() && (team == null || team.isEmpty())) return Admission.UNLIMITED;
    long maxTokens = maxTokensOfBody.getAsLong();
    long nowMs = clock.getAsLong();
    Instant now = Instant.ofEpochMilli(nowMs);
    long promptTokens = (bodyBytes + 3) / 4;
    long completionTokens = maxTokens > 0 ? maxTokens : defaultCompletionTokens;
    long estimate = promptTokens + completionTokens;
    PriceSpec price = prices.get().find(provider, upstreamModel, now);
    long maxCost = price == null ? 0 : PriceTable.maxCost(price, promptTokens, completionTokens);

    long minute = nowMs / WINDOW_MS;
    List<Drawn> drawn = new ArrayList<>();
    draw(drawn, "k" + key.id(), own, model, minute, estimate);
    if (team != null) draw(drawn, "t" + key.team(), team, model, minute, estimate);
    try {
      budget(drawn, "k" + key.id(), false, String.valueOf(key.id()), own.budget(), now, maxCost);
      if (team != null) budget(drawn, "t" + key.team(), true, key.team(), team.budget(), now, maxCost);
      CounterStore.Reserved r = store.reserve(drawn.stream().map(Drawn::bucket).toList());
      storeAnswered();
      long resetSeconds = Math.max(1, ((minute + 1) * WINDOW_MS - nowMs + 999) / 1000);
      Admission.Window requests = window(drawn, r.values(), Reason.RPM, resetSeconds, r.admitted());
      Admission.Window tokens = window(drawn, r.values(), Reason.TPM, resetSeconds, r.admitted());
      if (!r.admitted()) {
        Drawn over = drawn.get(r.refused());
        return refuse(key, over.kind, over.kind == Reason.BUDGET ? 0 : over.kind == Reason.CONCURRENCY ? 1
            : resetSeconds, message(over, r.values()[r.refused()], estimate), requests, tokens, now);
      }
      List<String> settleKeys = new ArrayList<>();
      List<Long> reserved = new ArrayList<>();
      List<Reason> kinds = new ArrayList<>();
      for (Drawn d : drawn) {
        if (d.kind == Reason.RPM) continue;
        settleKeys.add(d.bucket.key());
        reserved.add(d.bucket.amount());
        kinds.add(d.kind);
      }
      return new Admission(null, 0, null, settleKeys, kinds.toArray(new Reason[0]),
          reserved.stream().mapToLong(Long::longValue).toArray(), estimate, maxCost, requests, tokens, now);
    } catch (CounterStore.Unavailable e) {
      storeFailed(e);
      if (failOpen) return Admission.UNLIMITED;
      return refuse(key, Reason.STORE, 1, "The limits store is unavailable and this router fails closed; retry shortly.",
          null, null, now);
    }
  }

  /**
   * Settles an admission with what the answer really used (complete, broken or abandoned) and says what it cost.
   * Safe to call more than once and with null (an exchange refused before admission): only the first call counts.
   */
  public Cost settle(Admission admission, String provider, String upstreamModel, Tokens tokens) {
    Instant at = admission == null || admission.at.equals(Instant.EPOCH) ? Instant.ofEpochMilli(clock.getAsLong())
        : admission.at;
    Cost cost = tokens == null || tokens.total() == 0 ? Cost.ZERO
        : prices.get().cost(provider, upstreamModel, tokens, at);
    if (admission == null || admission.settleKeys.isEmpty() || !admission.settleOnce()) return cost;
    long used = tokens == null ? 0 : tokens.total();
    long[] deltas = new long[admission.settleKeys.size()];
    for (int i = 0; i < deltas.length; i++) {
      deltas[i] = switch (admission.kinds[i]) {
        case CONCURRENCY -> -1;
        case TPM -> used - admission.reserved[i];
        default -> cost.nanos() - admission.reserved[i];   // a budget
      };
    }
    try {
      store.adjust(admission.settleKeys, deltas);
      storeAnswered();
    } catch (CounterStore.Unavailable e) {
      storeFailed(e);   // the slot comes back when its counter expires
    }
    return cost;
  }

  private void draw(List<Drawn> drawn, String scope, LimitPolicy policy, String model, long minute, long estimate) {
    add(drawn, scope, policy.limits(), minute, estimate);
    policy.modelLimits().forEach((glob, limits) -> {
      if (model != null && globs.computeIfAbsent(glob, MatchKind::globToRegex).matcher(model).matches()) {
        add(drawn, scope + ":m:" + glob, limits, minute, estimate);
      }
    });
  }

  private static void add(List<Drawn> drawn, String scope, Limits l, long minute, long estimate) {
    if (l.rpm() != null) drawn.add(new Drawn(new Bucket(scope + ":rpm:" + minute, l.rpm(), 1, 2 * WINDOW_MS), Reason.RPM));
    if (l.tpm() != null) {
      drawn.add(new Drawn(new Bucket(scope + ":tpm:" + minute, l.tpm(), estimate, 2 * WINDOW_MS), Reason.TPM));
    }
    if (l.maxConcurrent() != null) {
      drawn.add(new Drawn(new Bucket(scope + ":conc", l.maxConcurrent(), 1, SLOT_TTL_MS), Reason.CONCURRENCY));
    }
  }

  private void budget(List<Drawn> drawn, String scope, boolean team, String id, Budget budget, Instant now,
                      long maxCost) {
    if (budget == null) return;
    BudgetPeriod period = BudgetPeriod.of(budget.period(), now, zone);
    String key = scope + ":budget:" + budget.period().id() + ":" + period.id();
    long ttl = period.ttlMillis(now);
    long nowMs = now.toEpochMilli();
    Long last = seeded.get(key);
    // one thread seeds: the first to claim the key, or the first to move its time on once it is due again
    boolean due = last == null ? seeded.putIfAbsent(key, nowMs) == null
        : nowMs - last > RESEED_MS && seeded.replace(key, last, nowMs);
    if (due) {
      if (seeded.size() > 100_000) seeded.clear();
      try {
        store.seed(key, spend.spentNanos(team, id, period.start()), ttl);
      } catch (CounterStore.Unavailable e) {
        seeded.remove(key);
        throw e;
      } catch (RuntimeException e) {   // the database: count from 0 for now, try again next time
        seeded.remove(key);
        LOG.log(Level.WARNING, "Spend so far of " + scope + " could not be read; its budget counts from what is seen", e);
      }
    }
    drawn.add(new Drawn(new Bucket(key, budget.nanos(), maxCost, ttl), Reason.BUDGET));
  }

  /** The tightest window of a kind: least remaining after this request (or as found, when refused). */
  private static Admission.Window window(List<Drawn> drawn, long[] values, Reason kind, long resetSeconds,
                                         boolean taken) {
    Admission.Window tightest = null;
    for (int i = 0; i < drawn.size(); i++) {
      Drawn d = drawn.get(i);
      if (d.kind != kind) continue;
      long remaining = Math.max(0, d.bucket.limit() - values[i]);
      if (tightest == null || remaining < tightest.remaining()) {
        tightest = new Admission.Window(d.bucket.limit(), remaining, resetSeconds);
      }
    }
    return tightest;
  }

  private static String message(Drawn over, long used, long estimate) {
    String scope = over.bucket.key();
    String who = scope.startsWith("t") ? "team '" + scope.substring(1, scope.indexOf(':')) + "'" : "this API key";
    int m = scope.indexOf(":m:");
    String models = m < 0 ? "" : " for models '" + scope.substring(m + 3, scope.indexOf(':', m + 3)) + "'";
    long limit = over.bucket.limit();
    return switch (over.kind) {
      case RPM -> "Rate limit reached for " + who + models + " on requests per minute: limit " + limit + ", used "
          + used + ".";
      case TPM -> "Rate limit reached for " + who + models + " on tokens per minute: limit " + limit + ", used "
          + used + ", requested about " + estimate + " (body bytes / 4 plus the completion allowance).";
      case CONCURRENCY -> "Too many concurrent requests for " + who + models + ": limit " + limit + ".";
      case BUDGET -> "The budget of " + who + " is spent: " + String.format(Locale.ROOT, "%.2f", used / 1e9)
          + " of " + String.format(Locale.ROOT, "%.2f", limit / 1e9) + " USD this "
          + periodName(scope) + ".";
      case STORE -> "The limits store is unavailable.";
    };
  }

  private static String periodName(String scope) {
    return scope.contains(":budget:day:") ? "day" : scope.contains(":budget:month:") ? "month" : "budget";
  }

  private Admission refuse(ActiveKey key, Reason reason, long retryAfter, String message, Admission.Window requests,
                           Admission.Window tokens, Instant now) {
    refusals.get(reason).increment();
    synchronized (recent) {
      if (recent.size() == 50) recent.removeLast();
      recent.addFirst(new Refusal(now, key.name(), key.team(), reason, message));
    }
    return new Admission(reason, retryAfter, message, List.of(), new Reason[0], new long[0], 0, 0, requests, tokens,
        now);
  }

  private void storeAnswered() {
    if (storeProblem != null) {
      LOG.info("Limits store " + store.describe() + " answers again");
      storeProblem = null;
    }
  }

  private void storeFailed(CounterStore.Unavailable e) {
    storeFailures.increment();
    if (storeProblem == null) {
      LOG.log(Level.WARNING, "Limits store unavailable (" + e.getMessage() + "); requests of limited keys are "
          + (failOpen ? "admitted without limits (fail open)" : "refused (fail closed)") + " until it answers");
    }
    storeProblem = store.describe() + " unavailable since " + Instant.ofEpochMilli(clock.getAsLong())
        + (failOpen ? " (failing open: limits not enforced)" : " (failing closed: limited keys refused)");
  }

  /** Why the store is not answering, if it is not (readiness detail). */
  public Optional<String> storeProblem() { return Optional.ofNullable(storeProblem); }

  public boolean failOpen() { return failOpen; }

  public long refusals(Reason reason) { return refusals.get(reason).sum(); }

  public long storeFailures() { return storeFailures.sum(); }

  /** The last refusals on this instance, newest first. */
  public List<Refusal> recentRefusals() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  /** What a key or team has used now, for the console: spend in the budget's current period, in nanos. */
  public long spentNanos(boolean team, String id, Budget budget) {
    if (budget == null) return 0;
    Instant now = Instant.ofEpochMilli(clock.getAsLong());
    BudgetPeriod period = BudgetPeriod.of(budget.period(), now, zone);
    String key = (team ? "t" + id : "k" + id) + ":budget:" + budget.period().id() + ":" + period.id();
    try {
      long[] v = store.read(List.of(key));
      return v[0] > 0 ? v[0] : spend.spentNanos(team, id, period.start());
    } catch (RuntimeException e) {
      return spend.spentNanos(team, id, period.start());
    }
  }

  public String describeStore() { return store.describe(); }

  @Override public void close() { store.close(); }
}
