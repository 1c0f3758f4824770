package org.airouter.limits;

import static org.airouter.limits.Keys.budget;
import static org.airouter.limits.Keys.key;
import static org.airouter.limits.Keys.limits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.airouter.keys.ActiveKey;
import org.airouter.keys.Budget;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;
import org.airouter.prices.PriceSpec;
import org.airouter.prices.PriceTable;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;
import org.junit.jupiter.api.Test;

/** The admission engine on the in-memory store: exact under concurrency, reserve then settle. */
class LimiterTest {
  static final PriceTable PRICES = PriceTable.of(List.of(new PriceSpec("gpt-4o*", null, 1, null, 1, null)));
  // 1 USD per million tokens: a token costs 1000 billionths of a USD; an estimate of 200 tokens 0.0002 USD

  final AtomicLong now = new AtomicLong(Instant.parse("2026-12-05T10:00:10Z").toEpochMilli());
  final Map<String, LimitPolicy> teams = new ConcurrentHashMap<>();

  Limiter limiter(CounterStore store, boolean failOpen, SpendSource spend) {
    return new Limiter(store, teams::get, () -> PRICES, ZoneOffset.UTC, now::get, 100, failOpen, spend);
  }

  Limiter limiter() { return limiter(new MemoryCounters(now::get), true, SpendSource.NONE); }

  static Admission admit(Limiter limiter, ActiveKey key) {
    return limiter.admit(key, "gpt-4o", "openai", "gpt-4o", 400, 100);   // 100 + 100 = 200 tokens estimated
  }

  /** Fifty threads released at once against rpm 10: exactly ten get through. */
  static int burst(List<Limiter> limiters, ActiveKey key, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Limiter l = limiters.get(i % limiters.size());
        results.add(pool.submit(() -> {
          start.await();
          return admit(l, key).admitted();
        }));
      }
      start.countDown();
      int admitted = 0;
      for (Future<Boolean> f : results) if (f.get()) admitted++;
      return admitted;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBurstOfFiftyAgainstRpmTenAdmitsExactlyTen() throws Exception {
    Limiter limiter = limiter();
    ActiveKey key = key(null, limits(10L, null, null));
    assertEquals(10, burst(List.of(limiter), key, 50));
    assertEquals(40, limiter.refusals(Limiter.Reason.RPM));
    Admission refused = admit(limiter, key);
    assertEquals(Limiter.Reason.RPM, refused.refusal());
    assertEquals(50, refused.retryAfterSeconds(), "whole seconds to the next minute");
    assertEquals(new Admission.Window(10, 0, 50), refused.requests());
    now.addAndGet(50_000);   // the next minute
    assertTrue(admit(limiter, key).admitted());
  }

  @Test
  void concurrencyIsReleasedOnceWhateverThePathAndOnlyOnce() {
    Limiter limiter = limiter();
    ActiveKey key = key(null, limits(null, null, 2L));
    Admission a = admit(limiter, key);
    Admission b = admit(limiter, key);
    assertTrue(a.admitted() && b.admitted());
    assertEquals(Limiter.Reason.CONCURRENCY, admit(limiter, key).refusal());
    limiter.settle(a, "openai", "gpt-4o", Tokens.NONE);   // e.g. the client went away before any usage
    limiter.settle(a, "openai", "gpt-4o", Tokens.NONE);   // a second path ending the same answer
    assertTrue(admit(limiter, key).admitted());
    assertFalse(admit(limiter, key).admitted(), "the double settle gave back one slot, not two");
  }

  @Test
  void tokensAreReservedByEstimateThenSettledWithTheRealCount() {
    Limiter limiter = limiter();
    ActiveKey key = key(null, limits(null, 500L, null));
    Admission a = admit(limiter, key);
    Admission b = admit(limiter, key);
    assertTrue(a.admitted() && b.admitted());
    assertEquals(new Admission.Window(500, 100, 50), b.tokens());
    Admission c = admit(limiter, key);
    assertEquals(Limiter.Reason.TPM, c.refusal(), "200 + 200 + 200 > 500");
    limiter.settle(a, "openai", "gpt-4o", new Tokens(30, 20, 0, 0));   // 50 used, 150 back
    assertTrue(admit(limiter, key).admitted());
  }

  @Test
  void aBudgetIsNeverOvershotByConcurrentRequestsAndSettlesToTheRealCost() throws Exception {
    Limiter limiter = limiter();
    // each request may cost 200 tokens * 1000 nanos = 0.0002 USD; 0.001 USD admits five at once, not fifty
    ActiveKey key = key(null, budget(0.001, Budget.Period.MONTH));
    assertEquals(5, burst(List.of(limiter), key, 50));
    Admission refused = admit(limiter, key);
    assertEquals(Limiter.Reason.BUDGET, refused.refusal());
    assertEquals(0, refused.retryAfterSeconds());
    assertTrue(refused.message().contains("0.00 of 0.00 USD this month") || refused.message().contains("USD this month"),
        refused.message());
  }

  @Test
  void settlingChargesTheRealCostSoCheapAnswersLeaveRoom() {
    Limiter limiter = limiter();
    ActiveKey key = key(null, budget(0.00042, Budget.Period.DAY));
    Admission a = admit(limiter, key);
    Admission b = admit(limiter, key);
    assertTrue(a.admitted() && b.admitted());
    assertFalse(admit(limiter, key).admitted());
    Cost cost = limiter.settle(a, "openai", "gpt-4o", new Tokens(10, 10, 0, 0));
    assertEquals(20_000, cost.nanos());
    assertTrue(cost.priced());
    assertTrue(admit(limiter, key).admitted(), "0.00018 USD came back");
    assertEquals(20_000 + 400_000, limiter.spentNanos(false, String.valueOf(key.id()), key.policy().budget()));
  }

  @Test
  void aTeamLimitHoldsAcrossItsKeysAndBothMustPass() {
    Limiter limiter = limiter();
    teams.put("research", limits(3L, null, null));
    ActiveKey alice = key("research", limits(2L, null, null));
    ActiveKey bob = key("research", LimitPolicy.NONE);
    assertTrue(admit(limiter, alice).admitted());
    assertTrue(admit(limiter, alice).admitted());
    Admission third = admit(limiter, alice);
    assertEquals(Limiter.Reason.RPM, third.refusal(), "alice's own limit");
    assertTrue(admit(limiter, bob).admitted());
    Admission team = admit(limiter, bob);
    assertEquals(Limiter.Reason.RPM, team.refusal());
    assertTrue(team.message().contains("team 'research'"), team.message());
  }

  @Test
  void modelLimitsApplyToMatchingModelsOnly() {
    Limiter limiter = limiter();
    ActiveKey key = key(null, new LimitPolicy(Limits.NONE, Map.of("gpt-4o*", new Limits(1L, null, null)), null));
    assertTrue(admit(limiter, key).admitted());
    Admission second = admit(limiter, key);
    assertFalse(second.admitted());
    assertTrue(second.message().contains("for models 'gpt-4o*'"), second.message());
    assertTrue(limiter.admit(key, "o1", "openai", "o1", 10, 0).admitted());
  }

  @Test
  void aKeyWithoutLimitsTouchesNoCounterAndGetsNoHeaders() {
    MemoryCounters store = new MemoryCounters(now::get);
    Limiter limiter = limiter(store, true, SpendSource.NONE);
    Admission a = admit(limiter, key(null, LimitPolicy.NONE));
    assertTrue(a.admitted());
    assertNull(a.requests());
    assertEquals(0, store.size());
    assertEquals(new Cost(200_000, true), limiter.settle(a, "openai", "gpt-4o", new Tokens(100, 100, 0, 0)));
  }

  @Test
  void aBudgetStartsFromWhatWasSpentThisPeriodAndResetsAtMidnightInItsZone() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    List<Instant> asked = new ArrayList<>();
    SpendSource spend = (team, id, from) -> {
      asked.add(from);
      return 399_000;   // 0.000399 USD already spent today
    };
    Limiter limiter = new Limiter(new MemoryCounters(now::get), teams::get, () -> PRICES, paris, now::get, 100, true,
        spend);
    ActiveKey key = key(null, budget(0.0006, Budget.Period.DAY));
    assertTrue(admit(limiter, key).admitted(), "399000 + 200000 <= 600000");
    assertFalse(admit(limiter, key).admitted());
    assertEquals(List.of(Instant.parse("2026-12-04T23:00:00Z")), asked, "the day began at midnight in Paris");
    now.set(Instant.parse("2026-12-05T23:00:01Z").toEpochMilli());   // just past midnight in Paris
    assertTrue(admit(limiter, key).admitted());
    assertEquals(Instant.parse("2026-12-05T23:00:00Z"), asked.get(1));
  }

  @Test
  void anUnpricedModelReservesNothingButIsRefusedOnceTheBudgetIsSpent() {
    Limiter limiter = limiter();
    ActiveKey key = key(null, budget(0.0002, Budget.Period.TOTAL));
    Admission a = admit(limiter, key);
    limiter.settle(a, "openai", "gpt-4o", new Tokens(100, 100, 0, 0));   // exactly the budget
    Admission unpriced = limiter.admit(key, "o1", "openai", "o1", 10, 10);
    assertEquals(Limiter.Reason.BUDGET, unpriced.refusal());
    assertFalse(limiter.settle(null, "openai", "o1", new Tokens(1, 1, 0, 0)).priced());
  }

  @Test
  void aBudgetCounterTheStoreLostIsSeededAgainFromTheUsageWithinTenMinutes() {
    AtomicReference<MemoryCounters> current =
        new AtomicReference<>(new MemoryCounters(now::get));
    CounterStore store = new CounterStore() {   // a Redis that can be restarted empty
      @Override public Reserved reserve(List<Bucket> buckets) { return current.get().reserve(buckets); }
      @Override public void adjust(List<String> keys, long[] deltas) { current.get().adjust(keys, deltas); }
      @Override public void seed(String key, long value, long ttlMillis) { current.get().seed(key, value, ttlMillis); }
      @Override public long[] read(List<String> keys) { return current.get().read(keys); }
      @Override public String describe() { return "restartable"; }
    };
    Limiter limiter = limiter(store, true, (team, id, from) -> 500_000);   // 0.0005 USD already spent this month
    ActiveKey key = key(null, budget(0.0008, Budget.Period.MONTH));
    assertTrue(admit(limiter, key).admitted(), "500000 spent + 200000 reserved");
    assertFalse(admit(limiter, key).admitted());

    current.set(new MemoryCounters(now::get));   // the store lost everything
    now.addAndGet(Limiter.RESEED_MS + 1);
    assertTrue(admit(limiter, key).admitted(), "seeded again: 500000 + 200000");
    assertFalse(admit(limiter, key).admitted(), "without a new seed the lost counter would start from 0 and admit this");
  }
}
