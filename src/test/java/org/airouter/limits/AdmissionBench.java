package org.airouter.limits;

import static org.airouter.limits.Keys.key;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.airouter.keys.ActiveKey;
import org.airouter.keys.Budget;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;
import org.airouter.usage.Tokens;
import org.junit.jupiter.api.Test;

/**
 * What admission costs per request: admit then settle, for a key with rpm, tpm, maxConcurrent and a budget in a team
 * with rpm (6 counters), in memory and against the Redis on 127.0.0.1:6379, one thread and eight. Not part of the
 * build (its name does not end in Test): {@code mvn test -Dtest=AdmissionBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class AdmissionBench {
  static final LimitPolicy KEY = new LimitPolicy(new Limits(1_000_000_000L, 1_000_000_000_000L, 1_000_000L), Map.of(),
      new Budget(1e6, Budget.Period.MONTH));
  static final LimitPolicy TEAM = new LimitPolicy(new Limits(1_000_000_000L, null, null), Map.of(), null);

  @Test
  void admissionCostPerRequest() throws Exception {
    run("memory", new MemoryCounters());
    if (RedisCountersTest.reachable("127.0.0.1", 6379)) {
      try (RedisCounters redis = new RedisCounters("redis://127.0.0.1:6379", Duration.ofSeconds(2))) {
        run("redis", redis);
      }
    } else {
      System.out.println("[skipped] redis: nothing on 127.0.0.1:6379");
    }
  }

  static void run(String name, CounterStore store) throws Exception {
    Limiter limiter = new Limiter(store, Map.of("bench", TEAM)::get, () -> LimiterTest.PRICES, ZoneOffset.UTC,
        System::currentTimeMillis, 100, true, SpendSource.NONE);
    ActiveKey key = key("bench", KEY);
    for (int threads : new int[] {1, 8}) {
      measure(limiter, key, threads, name.equals("memory") ? 200_000 : 5_000);   // warm-up
      long[] nanos = measure(limiter, key, threads, name.equals("memory") ? 400_000 : 20_000);
      System.out.printf("%s, %d thread(s): %d admit+settle pairs in %.0f ms: %.1f µs each (wall / pairs), %.0f pairs/s%n",
          name, threads, nanos[1], nanos[0] / 1e6, nanos[0] / 1e3 / nanos[1], nanos[1] / (nanos[0] / 1e9));
    }
  }

  static long[] measure(Limiter limiter, ActiveKey key, int threads, int total) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < total / threads; i++) {
            Admission a = limiter.admit(key, "gpt-4o", "openai", "gpt-4o", 400, 100);
            assertTrue(a.admitted(), a.message());   // a refusal would time a shorter path
            limiter.settle(a, "openai", "gpt-4o", new Tokens(100, 20, 0, 0));
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
      return new long[] {System.nanoTime() - start, total};
    } finally {
      pool.shutdownNow();
    }
  }
}
