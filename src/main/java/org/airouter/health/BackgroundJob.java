package org.airouter.health;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.Locale;

/**
 * One periodic database job as readiness sees it. The job's thread records when a run starts, each step it gets
 * through and how the run ends; readiness reads those times, so it never waits on the job or on the database. The job
 * holds readiness DOWN, by name, when a run has made no progress for {@code stuckAfterMs} (a connection the network
 * stranded), or when its last run failed and nothing succeeded for {@code missedRuns} intervals (a database that
 * refuses).
 */
public final class BackgroundJob {
  private static final Logger LOG = Logger.getLogger(BackgroundJob.class.getName());

  private final String name;
  private final long intervalMs;
  private final long stuckAfterMs;
  private final int missedRuns;
  private final LongSupplier clockMs;
  private volatile long runStartedAt = -1;      // -1: not running
  private volatile long lastProgressAt;
  private volatile boolean lastRunFailed;
  private volatile Thread runner;
  private boolean reported;                     // guarded by this; touched only by report()

  public BackgroundJob(String name, long intervalMs, long stuckAfterMs, int missedRuns, LongSupplier clockMs) {
    this.name = name;
    this.intervalMs = intervalMs;
    this.stuckAfterMs = stuckAfterMs;
    this.missedRuns = missedRuns;
    this.clockMs = clockMs;
    this.lastProgressAt = clockMs.getAsLong();   // a job that never ran is given its first intervals
  }

  public BackgroundJob(String name, long intervalMs, long stuckAfterMs, int missedRuns) {
    this(name, intervalMs, stuckAfterMs, missedRuns, System::currentTimeMillis);
  }

  public String name() { return name; }

  /**
   * One run, on the calling thread. {@code work} answers whether it did all it had to; an exception counts as a
   * failure and is logged at FINE (the job logs its own failures; readiness and {@link #report} say it is stuck).
   */
  public void run(BooleanSupplier work) {
    runner = Thread.currentThread();
    runStartedAt = clockMs.getAsLong();
    boolean ok = false;
    try {
      ok = work.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, name + " run failed", e);
    } finally {
      if (ok) lastProgressAt = clockMs.getAsLong();
      lastRunFailed = !ok;
      runStartedAt = -1;
      runner = null;
    }
  }

  /** A run that works through many steps (usage batches) calls this after each, so a long run is not taken as stuck. */
  public void progress() {
    long now = clockMs.getAsLong();
    lastProgressAt = now;
    if (runStartedAt >= 0) runStartedAt = now;
  }

  /** Why this job holds readiness DOWN (its name first; no error text, readiness is public), or empty. */
  public Optional<String> problem() {
    long now = clockMs.getAsLong();
    long started = runStartedAt;
    if (started >= 0 && now - started > stuckAfterMs) {
      return Optional.of(name + ": stuck, the current run has made no progress for " + seconds(now - started)
          + " (limit " + seconds(stuckAfterMs) + ")");
    }
    long sinceProgress = now - lastProgressAt;
    if (lastRunFailed && sinceProgress > missedRuns * intervalMs) {
      return Optional.of(name + ": failing, no successful run for " + seconds(sinceProgress) + " (limit "
          + seconds(missedRuns * intervalMs) + ")");
    }
    return Optional.empty();
  }

  /** Logs a change: WARNING once when the job becomes a problem (with where its thread waits), INFO when it recovers. */
  public synchronized void report() {
    Optional<String> problem = problem();
    if (problem.isPresent() && !reported) {
      reported = true;
      Thread thread = runner;
      String where = thread == null ? "" : "; its thread " + thread.getName() + " waits in "
          + Arrays.stream(thread.getStackTrace()).limit(6).map(String::valueOf).collect(Collectors.joining(" < "));
      LOG.warning("Background job " + problem.get() + "; readiness is DOWN until it recovers" + where);
    } else if (problem.isEmpty() && reported) {
      reported = false;
      LOG.info("Background job " + name + " recovered; readiness no longer held DOWN by it");
    }
  }

  private static String seconds(long ms) {
    return ms < 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
  }
}
