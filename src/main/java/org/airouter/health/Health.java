package org.airouter.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Ready means: the configuration has been loaded into the proxy's snapshots, the background database check answers,
 * and no background database job (config poll, usage flush) is stuck or failing. Answered from what the jobs
 * recorded, never from the database, so a probe takes microseconds whatever the database does.
 */
public final class Health {
  private final BooleanSupplier configLoaded;
  private final BackgroundJob database;
  private final List<BackgroundJob> jobs;

  /**
   * @param database the background check that reads the database on its own thread
   * @param jobs     the other jobs readiness watches
   */
  public Health(BooleanSupplier configLoaded, BackgroundJob database, List<BackgroundJob> jobs) {
    this.configLoaded = configLoaded;
    this.database = database;
    this.jobs = List.copyOf(jobs);
  }

  /**
   * @param checks  "database", "config" and each job by name → whether it is UP
   * @param reasons one line per check that is DOWN, naming it
   */
  public record Readiness(Map<String, Boolean> checks, List<String> reasons) {
    public boolean ready() { return reasons.isEmpty(); }

    public boolean database() { return checks.get("database"); }

    public boolean config() { return checks.get("config"); }
  }

  public Readiness readiness() {
    Map<String, Boolean> checks = new LinkedHashMap<>();
    List<String> reasons = new ArrayList<>();
    boolean loaded = configLoaded.getAsBoolean();
    checks.put("config", loaded);
    if (!loaded) reasons.add("config: not loaded yet");
    for (BackgroundJob job : all()) {
      var problem = job.problem();
      checks.put(job.name(), problem.isEmpty());
      problem.ifPresent(reasons::add);
    }
    return new Readiness(checks, reasons);
  }

  /** Logs what changed since the last call (see {@link BackgroundJob#report}); run on a thread of its own. */
  public void report() { all().forEach(BackgroundJob::report); }

  private List<BackgroundJob> all() {
    List<BackgroundJob> all = new ArrayList<>(jobs.size() + 1);
    all.add(database);
    all.addAll(jobs);
    return all;
  }
}
