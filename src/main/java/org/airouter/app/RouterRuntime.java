package org.airouter.app;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.config.Settings;
import org.airouter.configfile.ConfigImporter;
import org.airouter.configfile.ConfigTransfer;
import org.airouter.health.BackgroundJob;
import org.airouter.health.Health;
import org.airouter.keys.ClientKey;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.Team;
import org.airouter.keys.TeamService;
import org.airouter.limits.Limiter;
import org.airouter.prices.Price;
import org.airouter.prices.PriceService;
import org.airouter.persistence.ConfigVersion;
import org.airouter.persistence.Database;
import org.airouter.persistence.InstanceChecks;
import org.airouter.persistence.Jpa;
import org.airouter.metrics.Metrics;
import org.airouter.observability.Observability;
import org.airouter.persistence.Migrations;
import org.airouter.probe.RouteProbe;
import org.airouter.proxy.Proxy;
import org.airouter.proxy.ProxySettings;
import org.airouter.routing.Route;
import org.airouter.routing.Target;
import org.airouter.routing.RouteService;
import org.airouter.routing.Router;
import org.airouter.secrets.ServerSecrets;
import org.airouter.usage.Retention;
import org.airouter.usage.UsageRecorder;
import org.airouter.usage.UsageReport;
import org.airouter.usage.UsageStore;
import org.airouter.security.AdminPasswords;
import org.airouter.security.LoginThrottle;
import org.airouter.security.AdminToken;
import org.airouter.security.AdminTokens;
import org.airouter.security.ConsoleUser;
import org.airouter.security.ConsoleUsers;
import org.airouter.audit.AuditEvent;
import org.airouter.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.airouter.capture.CaptureStore;
import org.airouter.capture.Captures;

/**
 * The application's parts, built once in dependency order at start and closed in reverse at undeploy: settings,
 * database and migrations, secrets, services, the snapshots the proxy reads, the proxy itself.
 */
@ApplicationScoped
public class RouterRuntime {
  private static final Logger LOG = Logger.getLogger(RouterRuntime.class.getName());

  private Database database;
  private Jpa jpa;
  // A thread per database job, so one stranded connection holds up one job only (and readiness says which).
  private ScheduledExecutorService configThread;   // config poll
  private ScheduledExecutorService usageThread;    // usage writes
  private ScheduledExecutorService checkThread;    // readiness's database check
  private ScheduledExecutorService maintenance;    // last-used times, retention clean-up
  private ScheduledExecutorService healthThread;   // logs jobs getting stuck and recovering; never touches the database
  private ScheduledExecutorService timers;         // the proxy's timeout sweep, never held up by a slow database
  private Router router;
  private RouteService routes;
  private ClientKeyService keys;
  private TeamService teams;
  private PriceService prices;
  private Limiter limiter;
  private ConfigWatcher watcher;
  private Proxy proxy;
  private UsageRecorder usage;
  private UsageReport usageReport;
  private AdminTokens adminTokens;
  private AdminPasswords adminPasswords;
  private ConsoleUsers consoleUsers;
  private AuditLog auditLog;
  private ConfigTransfer configTransfer;
  private RouteProbe routeProbe;
  private LoginThrottle loginThrottle;
  private Metrics metrics;
  private Health health;
  private volatile boolean configLoaded;

  @PostConstruct
  void start() {
    Settings settings = Settings.fromEnvironment();
    try {
      Settings.DataDirectory data = settings.dataDirectory();
      Path dataDir = data.path();
      LOG.info("Data directory: " + dataDir.toAbsolutePath() + " (" + data.source() + "; the embedded H2 database,"
          + " generated secrets and a generated admin password live here: back it up)");
      database = Database.open(settings);
      int applied = Migrations.migrate(database);
      LOG.info("Database: " + database.description() + " (" + database.vendor() + "), " + applied
          + " migrations applied");
      jpa = new Jpa(database, List.of(Route.class, Target.class, ClientKey.class, AdminToken.class, Team.class,
          Price.class, ConsoleUser.class, AuditEvent.class));
      ServerSecrets secrets = ServerSecrets.load(dataDir, settings.get("airouter.master-key"),
          settings.get("airouter.key-hash-secret"));
      InstanceChecks checks = new InstanceChecks(jpa);
      SecretCheck secretCheck = new SecretCheck(checks, jpa, secrets, dataDir, database.description());
      secretCheck.verify();   // before anything is written: no re-sealing, re-hashing or import with other secrets
      router = new Router();
      watcher = new ConfigWatcher(jpa, secrets.box(), router);
      routes = new RouteService(jpa, secrets.box(), watcher::reload);
      keys = new ClientKeyService(jpa, secrets.keyHash(), watcher::reload);
      watcher.watchKeys(keys);
      teams = new TeamService(jpa, watcher::reload);
      prices = new PriceService(jpa, watcher::reload);
      watcher.watch(teams::reload);
      watcher.watch(prices::reload);
      watcher.reload();
      settings.get("airouter.config-file").map(Path::of).ifPresent(file -> new ConfigImporter(routes, keys, teams,
          prices).importFileIfChanged(file, checks, secretCheck.instance()));
      startJobs(settings);
      usageReport = new UsageReport(jpa);
      metrics = new Metrics();
      limiter = Limits.limiter(settings, teams, prices, usageReport);
      Limits.watch(limiter, metrics, health);
      ProxySettings proxySettings = ProxySettings.from(settings);
      proxy = new Proxy(router, keys, usage, metrics.requests(), proxySettings, timers,
          settings.getLong("airouter.shutdown-grace-ms", 10_000), limiter, Observability.from(settings),
          Captures.from(settings, new CaptureStore(database.dataSource())));
      maintenance.scheduleWithFixedDelay(proxy.captures()::purge, 3, 60, TimeUnit.MINUTES);
      Proxy started = proxy;
      metrics.targetHealth(started::targetHealth);
      metrics.gauge("airouter_open_streams", "Proxy exchanges waiting for or relaying an upstream answer",
          started::openExchanges);
      metrics.gauge("airouter_upstream_clients_replaced",
          "Upstream HTTP clients replaced since start because an Error had shut their I/O reactor down",
          started::upstreamClientsReplaced);
      metrics.gauge("airouter_request_bodies_reading", "Request bodies being read from clients",
          started::bodiesReading);
      metrics.gauge("airouter_request_body_memory_bytes",
          "Bytes of memory held by request bodies in flight (limit: airouter.body-memory-budget-bytes)",
          started::bodyMemoryBytes);
      metrics.gauge("airouter_relay_queued_bytes", "Answer bytes held for clients that have not taken them yet",
          () -> started.queued().total());
      metrics.gauge("airouter_relay_queued_bytes_peak", "The most answer bytes one stream has held since start",
          () -> started.queued().peak());
      metrics.gauge("airouter_captures_dropped", "Payload captures not stored (writer behind or database refused)",
          () -> started.captures().dropped());
      metrics.gauge("airouter_access_log_dropped", "Access log lines dropped because their writer fell behind",
          () -> started.observability().accessLinesDropped());
      UsageRecorder recorder = usage;
      metrics.gauge("airouter_usage_queue_depth", "Usage records waiting to be written", recorder::queued);
      metrics.gauge("airouter_usage_dropped", "Raw usage records dropped because the queue was full (totals kept)",
          recorder::dropped);
      metrics.gauge("airouter_usage_quarantined",
          "Raw usage records the database refused for their content: not written, logged by request id (totals kept)",
          recorder::quarantined);
      metrics.gauge("airouter_usage_quarantined_cells",
          "Usage rollup cells the database refused for their content: their counts are lost", recorder::quarantinedCells);
      configLoaded = true;
      adminTokens = new AdminTokens(jpa, secrets.keyHash());
      adminPasswords = AdminPasswords.load(settings.get("airouter.admin-password")
          .or(() -> Optional.ofNullable(System.getenv("ADMIN_PASSWORD")).filter(p -> !p.isBlank())),
          jpa, AdminPasswords.DEFAULT_ITERATIONS, dataDir);
      consoleUsers = new ConsoleUsers(jpa, AdminPasswords.DEFAULT_ITERATIONS);
      auditLog = new AuditLog(jpa, settings.getInt("airouter.audit-retention-days", 365), Clock.systemUTC());
      maintenance.scheduleWithFixedDelay(auditLog::purge, 2, 60, TimeUnit.MINUTES);
      configTransfer = new ConfigTransfer(jpa, routes, keys, secrets.box(), teams, prices);
      // The online test connects as the proxy does: one setting, one default.
      routeProbe = new RouteProbe(router, routes::recordProbe, (int) proxySettings.connectTimeoutMs(),
          settings.getInt("airouter.test-timeout-ms", 60_000));
      loginThrottle = new LoginThrottle(settings.getInt("airouter.login-free-failures", 5),
          Duration.ofMillis(settings.getLong("airouter.login-delay-ms", 2000)),
          Duration.ofMinutes(15), Clock.systemUTC());
      if (settings.get("airouter.tomcat-processor-cache-off", "true").equals("true")) TomcatProcessorCache.turnOff();
      TomcatErrorReports.quiet();
      LOG.info("ai-router started: " + router.table().all().size() + " routes, data directory " + dataDir);
    } catch (Exception | LinkageError e) {   // a missing class too: release the pool (an H2 file lock) before failing
      stop();
      throw new IllegalStateException("ai-router could not start: " + e.getMessage(), e);
    }
  }

  @PreDestroy
  void stop() {
    closeQuietly(routeProbe);
    closeQuietly(metrics);
    closeQuietly(proxy);
    closeQuietly(limiter);
    for (ScheduledExecutorService executor : Arrays.asList(configThread, usageThread, checkThread,
        maintenance, healthThread, timers)) {
      if (executor != null) executor.shutdownNow();
    }
    if (watcher != null) watcher.flushLastUsed();
    if (usage != null && !usage.flush()) {
      LOG.warning(usage.queued() + " usage records could not be written before shutdown");
    }
    closeQuietly(jpa);
    closeQuietly(database);
    deregisterDrivers();
  }

  @Produces Proxy proxy() { return proxy; }

  @Produces RouteService routes() { return routes; }

  @Produces ClientKeyService keys() { return keys; }

  @Produces TeamService teams() { return teams; }

  @Produces PriceService prices() { return prices; }

  @Produces Limiter limiter() { return limiter; }

  @Produces UsageReport usageReport() { return usageReport; }

  @Produces AdminTokens adminTokens() { return adminTokens; }

  @Produces AdminPasswords adminPasswords() { return adminPasswords; }

  @Produces ConsoleUsers consoleUsers() { return consoleUsers; }

  @Produces AuditLog auditLog() { return auditLog; }

  @Produces Captures captures() { return proxy.captures(); }

  @Produces ConfigTransfer configTransfer() { return configTransfer; }

  @Produces RouteProbe routeProbe() { return routeProbe; }

  /** The console's sign-in guard (per client address). */
  @Produces LoginThrottle loginThrottle() { return loginThrottle; }

  @Produces Metrics metrics() { return metrics; }

  @Produces Health health() { return health; }

  /**
   * The background jobs, each on a thread of its own, and readiness over them: a job that hangs (a connection the
   * network stranded, until the driver's socket timeout) or keeps failing holds readiness DOWN, naming it.
   */
  private void startJobs(Settings settings) {
    long stuckMs = settings.getLong("airouter.job-stuck-ms", 20_000);
    int missedRuns = settings.getInt("airouter.job-missed-runs", 5);
    long pollMs = settings.getLong("airouter.config-poll-ms", 2000);
    long flushMs = settings.getLong("airouter.usage-flush-ms", 1000);
    long checkMs = settings.getLong("airouter.health-check-ms", 2000);
    long checkTimeoutMs = settings.getLong("airouter.health-check-timeout-ms", 2000);
    configThread = singleThread("ai-router-config");
    usageThread = singleThread("ai-router-usage");
    checkThread = singleThread("ai-router-db-check");
    maintenance = singleThread("ai-router-maintenance");
    healthThread = singleThread("ai-router-health");
    timers = singleThread("ai-router-timers");

    BackgroundJob configPoll = new BackgroundJob("config-poll", pollMs, stuckMs, missedRuns);
    configThread.scheduleWithFixedDelay(() -> configPoll.run(watcher::poll), pollMs, pollMs, TimeUnit.MILLISECONDS);
    usage = new UsageRecorder(new UsageStore(jpa), settings.getInt("airouter.usage-queue", 100_000),
        settings.getInt("airouter.usage-batch", 500));
    UsageRecorder recorder = usage;
    BackgroundJob usageFlush = new BackgroundJob("usage-flush", flushMs, stuckMs, missedRuns);
    usageThread.scheduleWithFixedDelay(() -> usageFlush.run(() -> recorder.flush(usageFlush::progress)),
        flushMs, flushMs, TimeUnit.MILLISECONDS);
    // The check's own limit is its stuck time: readiness says DOWN that soon, whatever the query is waiting on.
    BackgroundJob databaseCheck = new BackgroundJob("database", checkMs, checkTimeoutMs, 1);
    checkThread.scheduleWithFixedDelay(() -> databaseCheck.run(() -> jpa.read(ConfigVersion::read) >= 0),
        0, checkMs, TimeUnit.MILLISECONDS);
    // The proxy comes later; until then nothing drains.
    health = new Health(() -> configLoaded, () -> proxy != null && proxy.draining(), databaseCheck,
        List.of(configPoll, usageFlush));
    Health watched = health;
    healthThread.scheduleWithFixedDelay(watched::report, checkMs, checkMs, TimeUnit.MILLISECONDS);

    maintenance.scheduleWithFixedDelay(watcher::flushLastUsed, 30, 30, TimeUnit.SECONDS);
    Retention retention = new Retention(new UsageStore(jpa), settings.getInt("airouter.usage-retention-days", 30));
    maintenance.scheduleWithFixedDelay(retention::purge, 1, 60, TimeUnit.MINUTES);
  }

  private static ScheduledExecutorService singleThread(String name) {
    return Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Drivers bundled in the WAR would otherwise pin its class loader after undeploy. */
  private static void deregisterDrivers() {
    ClassLoader ours = RouterRuntime.class.getClassLoader();
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getClassLoader() == ours) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (Exception e) {
          LOG.log(Level.FINE, "could not deregister " + driver, e);
        }
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) return;
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "Closing " + closeable.getClass().getSimpleName() + " failed", e);
    }
  }
}
