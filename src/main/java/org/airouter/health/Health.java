package org.airouter.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Ready means: the configuration has been loaded into the proxy's snapshots, the background database check answers,
 * no background database job (config poll, usage flush) is stuck or failing, and the instance is not shutting down
 * (a draining instance leaves the load balancer before its last streams are ended). Answered from what the jobs
 * recorded, never from the database, so a probe takes microseconds whatever the database does.
 */
public final class Health {
  private final BooleanSupplier configLoaded;
  private final BooleanSupplier draining;
  private final BackgroundJob database;
  private final List<BackgroundJob> jobs;

  /**
   * @param draining whether shutdown has begun
   * @param database the background check that reads the database on its own thread
   * @param jobs     the other jobs readiness watches
   */
  public Health(BooleanSupplier configLoaded, BooleanSupplier draining, BackgroundJob database,
                List<BackgroundJob> jobs) {
    this.configLoaded = configLoaded;
    this.draining = draining;
    this.database = database;
    this.jobs = List.copyOf(jobs);
  }

  /** An instance that never drains (tests of the jobs alone). */
  public Health(BooleanSupplier configLoaded, BackgroundJob database, List<BackgroundJob> jobs) {
    this(configLoaded, () -> false, database, jobs);
  }

  /**
   * @param checks  "config", "draining", "database" and each job by name → whether it is UP
   * @param reasons one line per check that is DOWN, naming it
   */
  public record Readiness(Map<String, Boolean> checks, List<String> reasons, List<String> details) {
    public Readiness(Map<String, Boolean> checks, List<String> reasons) { this(checks, reasons, List.of()); }

    public boolean ready() { return reasons.isEmpty(); }

    public boolean database() { return checks.get("database"); }

    public boolean config() { return checks.get("config"); }

    public boolean draining() { return !checks.get("draining"); }
  }

  public Readiness readiness() {
    Map<String, Boolean> checks = new LinkedHashMap<>();
    List<String> reasons = new ArrayList<>();
    boolean loaded = configLoaded.getAsBoolean();
    checks.put("config", loaded);
    if (!loaded) reasons.add("config: not loaded yet");
    boolean leaving = draining.getAsBoolean();
    checks.put("draining", !leaving);   // DOWN: shutdown began, the instance is leaving
    if (leaving) reasons.add("draining: the instance is shutting down");
    for (BackgroundJob job : all()) {
      var problem = job.problem();
      checks.put(job.name(), problem.isEmpty());
      problem.ifPresent(reasons::add);
    }
    List<String> details = new ArrayList<>();
    notes.forEach((name, note) -> {
      Optional<String> problem = note.get();
      checks.put(name, problem.isEmpty());
      problem.ifPresent(p -> details.add(name + ": " + p));
    });
    return new Readiness(checks, reasons, details);
  }

  private final Map<String, Supplier<Optional<String>>> notes = new ConcurrentSkipListMap<>();

  /**
   * A check that is reported but never takes the instance out of the load balancer: the limits store, shared by every
   * instance, would take them all out at once and turn a limits outage into a full one.
   */
  public void note(String name, Supplier<Optional<String>> problem) { notes.put(name, problem); }

  /** Logs what changed since the last call (see {@link BackgroundJob#report}); run on a thread of its own. */
  public void report() { all().forEach(BackgroundJob::report); }

  private List<BackgroundJob> all() {
    List<BackgroundJob> all = new ArrayList<>(jobs.size() + 1);
    all.add(database);
    all.addAll(jobs);
    return all;
  }
}
