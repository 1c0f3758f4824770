package org.airouter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The router's start-up settings for one deployment. The ITs share a JVM with the embedded Tomcat, so settings are
 * system properties, set before deployment (inside the static {@code @Deployment} method). {@link #apply()} first
 * clears every setting a previous IT class may have left, so each class starts from the app's defaults.
 */
public final class RouterSettings {
  private static final Logger LOG = Logger.getLogger(RouterSettings.class.getName());

  public static final String DATA_DIR = "airouter.data-dir";
  public static final String CONFIG_FILE = "airouter.config-file";
  public static final String CONNECT_TIMEOUT_MS = "airouter.connect-timeout-ms";
  public static final String FIRST_BYTE_TIMEOUT_MS = "airouter.first-byte-timeout-ms";
  public static final String IDLE_TIMEOUT_MS = "airouter.idle-timeout-ms";
  public static final String MAX_BODY_BYTES = "airouter.max-body-bytes";
  public static final String BODY_MEMORY_BYTES = "airouter.body-memory-bytes";
  public static final String CORS_ORIGINS = "airouter.cors-origins";
  public static final String CONFIG_POLL_MS = "airouter.config-poll-ms";
  public static final String JDBC_URL = "airouter.jdbc-url";
  public static final String JDBC_USER = "airouter.jdbc-user";
  public static final String USAGE_FLUSH_MS = "airouter.usage-flush-ms";
  public static final String ADMIN_PASSWORD = "airouter.admin-password";
  public static final String METRICS_TOKEN = "airouter.metrics-token";
  public static final String LOGIN_FREE_FAILURES = "airouter.login-free-failures";
  public static final String LOGIN_DELAY_MS = "airouter.login-delay-ms";
  public static final String DB_CONNECT_TIMEOUT_MS = "airouter.db-connect-timeout-ms";
  public static final String DB_SOCKET_TIMEOUT_MS = "airouter.db-socket-timeout-ms";
  public static final String DB_QUERY_TIMEOUT_MS = "airouter.db-query-timeout-ms";
  public static final String JOB_STUCK_MS = "airouter.job-stuck-ms";
  public static final String JOB_MISSED_RUNS = "airouter.job-missed-runs";
  public static final String HEALTH_CHECK_MS = "airouter.health-check-ms";
  public static final String HEALTH_CHECK_TIMEOUT_MS = "airouter.health-check-timeout-ms";
  public static final String BODY_IDLE_TIMEOUT_MS = "airouter.body-idle-timeout-ms";
  public static final String BODY_MEMORY_BUDGET_BYTES = "airouter.body-memory-budget-bytes";
  public static final String SHUTDOWN_GRACE_MS = "airouter.shutdown-grace-ms";
  public static final String REDIS_URL = "airouter.redis-url";
  public static final String REDIS_NAMESPACE = "airouter.redis-namespace";
  public static final String LIMITS_FAIL_OPEN = "airouter.limits-fail-open";
  public static final String BUDGET_TIME_ZONE = "airouter.budget-time-zone";
  public static final String KEEPALIVE_INTERVAL_MS = "airouter.keepalive-interval-ms";
  public static final String ACCESS_LOG = "airouter.access-log";
  public static final String CAPTURE_MAX_BYTES = "airouter.capture-max-bytes";
  /** Console single sign-on (OidcSignInIT, OidcOnlySignInIT). */
  public static final List<String> OIDC = List.of("airouter.oidc.issuer", "airouter.oidc.client-id",
      "airouter.oidc.client-secret", "airouter.oidc.scopes", "airouter.oidc.roles-claim", "airouter.oidc.role-map",
      "airouter.oidc.provider-name", "airouter.oidc.redirect-uri", "airouter.oidc.password-sign-in",
      "airouter.oidc.timeout-ms");
  /** OpenTelemetry's own settings (read by its autoconfiguration), which TracingIT sets. */
  public static final List<String> OTEL = List.of("otel.sdk.disabled", "otel.traces.exporter",
      "otel.exporter.otlp.endpoint", "otel.exporter.otlp.traces.endpoint", "otel.exporter.otlp.protocol",
      "otel.bsp.schedule.delay", "otel.service.name", "otel.traces.sampler", "otel.propagators");

  /** Every setting the ITs touch; all are cleared by {@link #apply()}. */
  public static final List<String> ALL = List.of(DATA_DIR, CONFIG_FILE, CONNECT_TIMEOUT_MS, FIRST_BYTE_TIMEOUT_MS,
      IDLE_TIMEOUT_MS, MAX_BODY_BYTES, BODY_MEMORY_BYTES, CORS_ORIGINS, CONFIG_POLL_MS, JDBC_URL, JDBC_USER,
      USAGE_FLUSH_MS, ADMIN_PASSWORD, METRICS_TOKEN, LOGIN_FREE_FAILURES, LOGIN_DELAY_MS, DB_CONNECT_TIMEOUT_MS,
      DB_SOCKET_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS, JOB_STUCK_MS, JOB_MISSED_RUNS, HEALTH_CHECK_MS, HEALTH_CHECK_TIMEOUT_MS,
      BODY_IDLE_TIMEOUT_MS, BODY_MEMORY_BUDGET_BYTES, SHUTDOWN_GRACE_MS, REDIS_URL, REDIS_NAMESPACE, LIMITS_FAIL_OPEN, BUDGET_TIME_ZONE,
      KEEPALIVE_INTERVAL_MS, ACCESS_LOG, CAPTURE_MAX_BYTES);

  private final Path runDir;
  private final Map<String, String> values = new LinkedHashMap<>();

  private RouterSettings(Path runDir) {
    this.runDir = runDir;
    values.put(DATA_DIR, runDir.resolve("data").toString());
    // The app's 5 s covers a database that is down; the ITs' embedded H2 is never down, but opening its file at start
    // took over 5 s on a 2-core machine at a load average of 25–33 (two ITs failed to deploy so). A test of a
    // database that is down sets its own (DatabaseCutIT).
    values.put(DB_CONNECT_TIMEOUT_MS, "60000");
  }

  /** Settings with a fresh, empty data dir: target/it-data/NAME-TIMESTAMP/data. */
  public static RouterSettings fresh(Class<?> testClass) {
    Path run = Paths.get("target", "it-data", testClass.getSimpleName() + "-" + System.currentTimeMillis()).toAbsolutePath();
    try {
      Files.createDirectories(run.resolve("data"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RouterSettings(run);
  }

  /**
   * Settings in a fixed folder, emptied first (data/ is deleted): for servers in a JVM of their own, which read the
   * same folder through their JVM options (see arquillian.xml), so only the files, not system properties, reach them.
   */
  public static RouterSettings in(Path runDir) {
    Path run = runDir.toAbsolutePath();
    try {
      Path data = run.resolve("data");
      if (Files.exists(data)) {
        try (var walk = Files.walk(data)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
      }
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RouterSettings(run);
  }

  /** The folder of this run: holds data/ and config.json. */
  public Path runDir() { return runDir; }

  public Path dataDir() { return Paths.get(values.get(DATA_DIR)); }

  /** Writes the config into the run folder and points airouter.config-file at it. */
  public RouterSettings config(ConfigFiles.Config config) {
    return configFile(config.writeTo(runDir));
  }

  /** Writes raw config text (e.g. the Worker export format) and points airouter.config-file at it. */
  public RouterSettings configJson(String json) {
    return configFile(ConfigFiles.write(runDir, json));
  }

  public RouterSettings configFile(Path file) {
    return set(CONFIG_FILE, file.toAbsolutePath().toString());
  }

  public RouterSettings set(String name, Object value) {
    values.put(name, String.valueOf(value));
    return this;
  }

  /** Clears all router settings, then sets these. Call before the WAR is deployed. */
  public RouterSettings apply() {
    ALL.forEach(System::clearProperty);
    OTEL.forEach(System::clearProperty);
    OIDC.forEach(System::clearProperty);
    values.forEach(System::setProperty);
    LOG.info(() -> "router settings " + values);
    return this;
  }
}
