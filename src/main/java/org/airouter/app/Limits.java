package org.airouter.app;

import java.time.Duration;
import java.time.ZoneId;
import java.util.logging.Logger;
import org.airouter.config.Settings;
import org.airouter.health.Health;
import org.airouter.keys.TeamService;
import org.airouter.limits.CounterStore;
import org.airouter.limits.Limiter;
import org.airouter.limits.MemoryCounters;
import org.airouter.limits.RedisCounters;
import org.airouter.metrics.Metrics;
import org.airouter.prices.PriceService;
import org.airouter.usage.UsageReport;
import java.time.Instant;

/**
 * Builds the admission engine from the settings: {@code airouter.redis-url} (absent: counters in this instance's
 * memory), {@code airouter.redis-timeout-ms} (250), {@code airouter.redis-namespace} (airouter), {@code airouter.limits-fail-open} (true),
 * {@code airouter.budget-time-zone} (UTC) and {@code airouter.limits-default-completion-tokens} (1024).
 */
final class Limits {
  private static final Logger LOG = Logger.getLogger(Limits.class.getName());

  private Limits() {}

  static Limiter limiter(Settings settings, TeamService teams, PriceService prices, UsageReport usage) {
    CounterStore store = settings.get("airouter.redis-url").filter(url -> !url.isBlank())
        .<CounterStore>map(url -> new RedisCounters(url.trim(),
            Duration.ofMillis(settings.getLong("airouter.redis-timeout-ms", 250)),
            settings.get("airouter.redis-namespace", "airouter")))
        .orElseGet(MemoryCounters::new);
    boolean failOpen = Boolean.parseBoolean(settings.get("airouter.limits-fail-open", "true"));
    ZoneId zone = ZoneId.of(settings.get("airouter.budget-time-zone", "UTC"));
    Limiter limiter = new Limiter(store, teams::policy, prices::table, zone, System::currentTimeMillis,
        settings.getLong("airouter.limits-default-completion-tokens", Limiter.DEFAULT_COMPLETION_TOKENS), failOpen,
        (team, id, from) -> usage.costNanos(team ? UsageReport.Dimension.TEAM : UsageReport.Dimension.KEY, id, from,
            Instant.now()));
    LOG.info("Limits and budgets: counters " + store.describe() + ", budgets in " + zone + ", "
        + (failOpen ? "failing open" : "failing closed") + " if the store is unreachable");
    return limiter;
  }

  static void watch(Limiter limiter, Metrics metrics, Health health) {
    for (Limiter.Reason reason : Limiter.Reason.values()) {
      metrics.counter("airouter_limit_rejections", "Client requests refused by limits and budgets, by reason",
          "reason", reason.id(), () -> limiter.refusals(reason));
    }
    metrics.counter("airouter_limits_store_failures", "Calls to the limits store (Redis) that failed", "store",
        limiter.describeStore(), limiter::storeFailures);
    health.note("limits-store", limiter::storeProblem);
  }
}
