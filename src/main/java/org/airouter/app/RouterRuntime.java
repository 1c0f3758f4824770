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
import org.airouter.health.Health;
import org.airouter.keys.ClientKey;
import org.airouter.keys.ClientKeyService;
import org.airouter.persistence.Database;
import org.airouter.persistence.Jpa;
import org.airouter.metrics.Metrics;
import org.airouter.metrics.RequestMetrics;
import org.airouter.persistence.Migrations;
import org.airouter.probe.OnlineTest;
import org.airouter.proxy.Proxy;
import org.airouter.proxy.ProxySettings;
import org.airouter.routing.Route;
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

/**
 * The application's parts, built once in dependency order at start and closed in reverse at undeploy: settings,
 * database and migrations, secrets, services, the snapshots the proxy reads, the proxy itself.
 */
@ApplicationScoped
public class RouterRuntime {
  private static final Logger LOG = Logger.getLogger(RouterRuntime.class.getName());

  private Database database;
  private Jpa jpa;
  private ScheduledExecutorService background;   // database work: config poll, usage writes, clean-ups
  private ScheduledExecutorService timers;       // the proxy's timeout sweep, never held up by a slow database
  private Router router;
  private RouteService routes;
  private ClientKeyService keys;
  private ConfigWatcher watcher;
  private Proxy proxy;
  private UsageRecorder usage;
  private UsageReport usageReport;
  private AdminTokens adminTokens;
  private AdminPasswords adminPasswords;
  private ConfigTransfer configTransfer;
  private OnlineTest onlineTest;
  private LoginThrottle loginThrottle;
  private Metrics metrics;
  private Health health;
  private volatile boolean configLoaded;

  @PostConstruct
  void start() {
    Settings settings = Settings.fromEnvironment();
    try {
      Path dataDir = settings.dataDir();
      database = Database.open(settings);
      int applied = Migrations.migrate(database);
      LOG.info("Database: " + database.description() + " (" + database.vendor() + "), " + applied
          + " migrations applied");
      jpa = new Jpa(database, List.of(Route.class, ClientKey.class, AdminToken.class));
      ServerSecrets secrets = ServerSecrets.load(dataDir, settings.get("airouter.master-key"),
          settings.get("airouter.key-hash-secret"));
      router = new Router();
      watcher = new ConfigWatcher(jpa, secrets.box(), router);
      routes = new RouteService(jpa, secrets.box(), watcher::reload);
      keys = new ClientKeyService(jpa, secrets.keyHash(), watcher::reload);
      watcher.watchKeys(keys);
      watcher.reload();
      settings.get("airouter.config-file").map(Path::of)
          .ifPresent(file -> new ConfigImporter(routes, keys).importFile(file));
      background = singleThread("ai-router-background");
      timers = singleThread("ai-router-timers");
      long pollMs = settings.getLong("airouter.config-poll-ms", 2000);
      background.scheduleWithFixedDelay(watcher::poll, pollMs, pollMs, TimeUnit.MILLISECONDS);
      background.scheduleWithFixedDelay(watcher::flushLastUsed, 30, 30, TimeUnit.SECONDS);
      usage = new UsageRecorder(new UsageStore(jpa), settings.getInt("airouter.usage-queue", 100_000),
          settings.getInt("airouter.usage-batch", 500));
      usageReport = new UsageReport(jpa);
      long flushMs = settings.getLong("airouter.usage-flush-ms", 1000);
      background.scheduleWithFixedDelay(this::flushUsage, flushMs, flushMs, TimeUnit.MILLISECONDS);
      Retention retention = new Retention(new UsageStore(jpa), settings.getInt("airouter.usage-retention-days", 30));
      background.scheduleWithFixedDelay(retention::purge, 1, 60, TimeUnit.MINUTES);
      metrics = new Metrics();
      proxy = new Proxy(router, keys, usage, metrics.requests(), ProxySettings.from(settings), timers,
          settings.getLong("airouter.shutdown-grace-ms", 10_000));
      Proxy started = proxy;
      metrics.gauge("airouter_open_streams", "Proxy exchanges waiting for or relaying an upstream answer",
          started::openExchanges);
      metrics.gauge("airouter_relay_queued_bytes", "Answer bytes held for clients that have not taken them yet",
          () -> started.queued().total());
      metrics.gauge("airouter_relay_queued_bytes_peak", "The most answer bytes one stream has held since start",
          () -> started.queued().peak());
      UsageRecorder recorder = usage;
      metrics.gauge("airouter_usage_queue_depth", "Usage records waiting to be written", recorder::queued);
      metrics.gauge("airouter_usage_dropped", "Raw usage records dropped because the queue was full (totals kept)",
          recorder::dropped);
      configLoaded = true;
      adminTokens = new AdminTokens(jpa, secrets.keyHash());
      adminPasswords = AdminPasswords.load(settings.get("airouter.admin-password")
          .or(() -> Optional.ofNullable(System.getenv("ADMIN_PASSWORD")).filter(p -> !p.isBlank())),
          jpa, AdminPasswords.DEFAULT_ITERATIONS);
      configTransfer = new ConfigTransfer(jpa, routes, keys, secrets.box());
      onlineTest = new OnlineTest(router, routes::recordTest, settings.getInt("airouter.connect-timeout-ms", 10_000),
          settings.getInt("airouter.test-timeout-ms", 60_000));
      loginThrottle = new LoginThrottle(settings.getInt("airouter.login-free-failures", 5),
          java.time.Duration.ofMillis(settings.getLong("airouter.login-delay-ms", 2000)),
          java.time.Duration.ofMinutes(15), java.time.Clock.systemUTC());
      health = new Health(jpa, () -> configLoaded, started::draining);
      if (settings.get("airouter.tomcat-processor-cache-off", "true").equals("true")) TomcatProcessorCache.turnOff();
      LOG.info("ai-router started: " + router.table().all().size() + " routes, data directory " + dataDir);
    } catch (Exception | LinkageError e) {   // a missing class too: release the pool (an H2 file lock) before failing
      stop();
      throw new IllegalStateException("ai-router could not start: " + e.getMessage(), e);
    }
  }

  @PreDestroy
  void stop() {
    closeQuietly(onlineTest);
    closeQuietly(metrics);
    closeQuietly(proxy);
    if (background != null) background.shutdownNow();
    if (timers != null) timers.shutdownNow();
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

  @Produces Router router() { return router; }

  @Produces UsageRecorder usage() { return usage; }

  @Produces UsageReport usageReport() { return usageReport; }

  @Produces AdminTokens adminTokens() { return adminTokens; }

  @Produces AdminPasswords adminPasswords() { return adminPasswords; }

  @Produces ConfigTransfer configTransfer() { return configTransfer; }

  @Produces OnlineTest onlineTest() { return onlineTest; }

  /** The console's sign-in guard (per client address). */
  @Produces LoginThrottle loginThrottle() { return loginThrottle; }

  @Produces Metrics metrics() { return metrics; }

  /** For the proxy: one call per finished exchange. */
  @Produces RequestMetrics requestMetrics() { return metrics.requests(); }

  @Produces Health health() { return health; }

  private void flushUsage() {
    try {
      usage.flush();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Usage flush failed", e);
    }
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
