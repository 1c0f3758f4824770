package org.airouter.limits;

import static org.airouter.limits.Keys.budget;
import static org.airouter.limits.Keys.key;
import static org.airouter.limits.Keys.limits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.airouter.keys.ActiveKey;
import org.airouter.keys.Budget;
import org.airouter.keys.LimitPolicy;
import org.airouter.testing.Requirements;
import org.airouter.usage.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Redis store against the real Redis on 127.0.0.1:6379 (skipped with the reason when it is absent, failed under
 * -Dairouter.require-all=true): two instances sharing it never admit more than a limit together.
 */
@Tag("db")   // Redis, the counters' shared store
class RedisCountersTest {
  static final String URL = System.getProperty("airouter.test-redis-url", "redis://127.0.0.1:6379");
  final AtomicLong now = new AtomicLong(System.currentTimeMillis());
  RedisCounters one;
  RedisCounters two;

  @BeforeEach
  void redis() {
    Requirements.require(reachable("127.0.0.1", 6379), "no Redis on 127.0.0.1:6379 (scripts/test-services.sh)");
    one = new RedisCounters(URL, Duration.ofSeconds(2));
    two = new RedisCounters(URL, Duration.ofSeconds(2));
  }

  @AfterEach
  void close() {
    if (one != null) one.close();
    if (two != null) two.close();
  }

  Limiter limiter(CounterStore store, boolean failOpen) {
    return new Limiter(store, Map.<String, LimitPolicy>of()::get, () -> LimiterTest.PRICES, ZoneOffset.UTC, now::get,
        100, failOpen, SpendSource.NONE);
  }

  @Test
  void twoInstancesSharingRedisAdmitExactlyTheLimitTogether() throws Exception {
    ActiveKey key = key(null, limits(10L, null, null));
    assertEquals(10, LimiterTest.burst(List.of(limiter(one, true), limiter(two, true)), key, 50));
  }

  @Test
  void aBudgetSharedByTwoInstancesIsNeverOvershot() throws Exception {
    ActiveKey key = key(null, budget(0.001, Budget.Period.MONTH));
    assertEquals(5, LimiterTest.burst(List.of(limiter(one, true), limiter(two, true)), key, 40));
  }

  @Test
  void settlementOnOneInstanceFreesWhatTheOtherReserved() {
    Limiter a = limiter(one, true);
    Limiter b = limiter(two, true);
    ActiveKey key = key(null, limits(null, 500L, 1L));
    Admission first = LimiterTest.admit(a, key);
    assertTrue(first.admitted());
    assertEquals(Limiter.Reason.CONCURRENCY, LimiterTest.admit(b, key).refusal());
    a.settle(first, "openai", "gpt-4o", new Tokens(10, 10, 0, 0));
    Admission second = LimiterTest.admit(b, key);
    assertTrue(second.admitted());
    assertEquals(new Admission.Window(500, 500 - 20 - 200, second.tokens().resetSeconds()), second.tokens());
  }

  @Test
  void redisDownFailsOpenOrClosedAsConfiguredAndSaysSo() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();   // nothing listens there once closed
    }
    try (RedisCounters down = new RedisCounters("redis://127.0.0.1:" + port, Duration.ofMillis(300))) {
      ActiveKey key = key(null, limits(1L, null, null));
      Limiter open = limiter(down, true);
      assertTrue(LimiterTest.admit(open, key).admitted());
      assertTrue(open.storeProblem().orElseThrow().contains("failing open"), open.storeProblem().toString());
      assertEquals(1, open.storeFailures());

      Limiter closed = limiter(down, false);
      Admission refused = LimiterTest.admit(closed, key);
      assertFalse(refused.admitted());
      assertEquals(Limiter.Reason.STORE, refused.refusal());
      assertTrue(closed.storeProblem().orElseThrow().contains("failing closed"));
    }
  }

  @Test
  void aKeyFlushedFromRedisIsScriptedAgain() {
    ActiveKey key = key(null, limits(3L, null, null));
    Limiter a = limiter(one, true);
    assertTrue(LimiterTest.admit(a, key).admitted());
    // what SCRIPT FLUSH does to a long-lived instance: its cached script ids are gone
    new RedisCounters(URL, Duration.ofSeconds(2)) {
      { scriptFlush(); }
    }.close();
    assertTrue(LimiterTest.admit(a, key).admitted());
  }

  static boolean reachable(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
