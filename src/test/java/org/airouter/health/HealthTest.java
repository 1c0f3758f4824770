package org.airouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.airouter.testing.LogCapture;
import org.airouter.testing.TimeBound;
import org.junit.jupiter.api.Test;

/** Readiness from what the jobs recorded: a stuck or failing job holds it DOWN by name, and is logged once. */
class HealthTest {
  final AtomicLong now = new AtomicLong(1_000_000);
  final BackgroundJob database = new BackgroundJob("database", 1_000, 2_000, 1, now::get);
  final BackgroundJob usage = new BackgroundJob("usage-flush", 1_000, 10_000, 5, now::get);
  final Health health = new Health(() -> true, database, List.of(usage));

  @Test void upWhileTheJobsSucceed() {
    usage.run(() -> true);
    database.run(() -> true);
    now.addAndGet(3_000);
    assertTrue(health.readiness().ready());
    assertEquals(Map.of("config", true, "draining", true, "database", true, "usage-flush", true),
        health.readiness().checks());
  }

  @Test void aDrainingInstanceIsNotReadyAndSaysWhy() {
    usage.run(() -> true);
    database.run(() -> true);
    Health leaving = new Health(() -> true, () -> true, database, List.of(usage));
    assertFalse(leaving.readiness().ready());
    assertFalse(leaving.readiness().checks().get("draining"));
    assertEquals(List.of("draining: the instance is shutting down"), leaving.readiness().reasons());
  }

  @Test void aRunWithoutProgressBeyondTheLimitIsStuckAndNamed() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread job = new Thread(() -> usage.run(() -> {
      inside.countDown();
      await(release);
      return true;
    }), "stuck-job");
    job.start();
    inside.await(5, TimeUnit.SECONDS);
    LogCapture log = LogCapture.start();
    try {
      now.addAndGet(9_000);
      assertTrue(health.readiness().ready(), "not yet past the limit");
      usage.progress();                 // a batch written: the run moves
      now.addAndGet(9_000);
      assertTrue(health.readiness().ready(), "progress restarts the clock");
      now.addAndGet(2_000);

      Health.Readiness r = health.readiness();
      assertFalse(r.ready());
      assertFalse(r.checks().get("usage-flush"));
      assertTrue(r.checks().get("database"), "the other checks are their own");
      assertEquals(1, r.reasons().size(), r::toString);
      assertTrue(r.reasons().get(0).startsWith("usage-flush: stuck"), r.reasons()::toString);

      health.report();
      health.report();
      release.countDown();
      job.join(5_000);
      assertTrue(health.readiness().ready(), "the run ended well");
      health.report();
      health.report();

      List<String> lines = log.lines().stream().filter(l -> l.contains("usage-flush")).toList();
      assertEquals(2, lines.size(), lines::toString);
      assertTrue(lines.get(0).contains("WARN") && lines.get(0).contains("stuck") && lines.get(0).contains("stuck-job"),
          lines.get(0));
      assertTrue(lines.get(1).contains("INFO") && lines.get(1).contains("recovered"), lines.get(1));
    } finally {
      log.close();
      release.countDown();
    }
  }

  @Test void aJobThatKeepsFailingIsDownAfterItsMissedRunsAndUpAtItsNextSuccess() {
    usage.run(() -> false);
    now.addAndGet(4_000);
    assertTrue(health.readiness().ready(), "within five intervals");
    usage.run(() -> {
      throw new IllegalStateException("connection refused");
    });
    now.addAndGet(2_000);
    assertEquals(List.of("usage-flush: failing, no successful run for 6.0 s (limit 5.0 s)"), health.readiness().reasons());

    usage.run(() -> true);
    assertTrue(health.readiness().ready());
  }

  @Test void theDatabaseCheckIsDownAtItsFirstFailureAndWhenItHangsPastItsTimeout() throws Exception {
    database.run(() -> true);
    now.addAndGet(1_500);
    database.run(() -> false);
    assertFalse(health.readiness().checks().get("database"));
    database.run(() -> true);
    assertTrue(health.readiness().ready());

    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch hanging = new CountDownLatch(1);
    Thread check = new Thread(() -> database.run(() -> {
      hanging.countDown();
      return await(release);
    }));
    check.start();
    try {
      assertTrue(hanging.await(5, TimeUnit.SECONDS), "the check started");
      now.addAndGet(2_500);
      long started = System.nanoTime();
      Health.Readiness r = health.readiness();
      long micros = (System.nanoTime() - started) / 1_000;
      assertTrue(r.reasons().get(0).startsWith("database: stuck"), r::toString);
      // The check hangs until the finally below releases it: any bound tells an answer from memory from one that
      // waited; the fixed margin of TimeBound is what a loaded machine may add to a call that does not wait.
      assertTrue(micros < TimeBound.MARGIN.toNanos() / 1_000, "answered from memory while the check hangs: " + micros + " µs");
    } finally {
      release.countDown();
      check.join(5_000);
    }
  }

  static boolean await(CountDownLatch latch) {
    try {
      return latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
