package org.airouter.app;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.IntPredicate;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Poll;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.h2.Driver;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Route changes written to the database reach the running proxy without a redeploy.
 *
 * <p>This class knows the app's schema; everything it assumes is in the constants below, so a schema change is
 * fixed here: table {@code route} with columns {@code id}, {@code name}, {@code enabled}; its targets in
 * {@code route_target} with {@code route_id} and {@code upstream_model}; a one-row table
 * {@code config_state} whose {@code version} (bigint) the app polls every airouter.config-poll-ms; an H2 database
 * opened with user "sa" and an empty password. The app's H2 file is opened with AUTO_SERVER=TRUE so this test can
 * connect to it from its own class loader while the app holds it.
 */
@ExtendWith(ArquillianExtension.class)
class DatabaseChangesIT {
  static final String DB_USER = "sa";
  static final String DB_PASSWORD = "";
  static final String DISABLE_ROUTE = "update route set enabled = false where name = ?";
  static final String REWRITE_MODEL =
      "update route_target set upstream_model = ? where route_id = (select id from route where name = ?)";
  static final String BUMP_VERSION = "update config_state set version = version + 1";
  static final long POLL_MS = 300;
  static final Duration PATIENCE = Duration.ofSeconds(10);

  static final String KEY = "ar-test-key-db-0001";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  static String jdbcUrl;

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings settings = RouterSettings.fresh(DatabaseChangesIT.class).config(ConfigFiles.config()
        .route(route("keep", "exact", "keep-model").at(upstream))
        .route(route("drop", "exact", "drop-model").at(upstream))
        .route(route("rename", "exact", "rename-model").at(upstream))
        .clientKey(clientKey("team-a", KEY)));
    jdbcUrl = "jdbc:h2:file:" + settings.dataDir().resolve("airouter-it").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    settings.set(RouterSettings.JDBC_URL, jdbcUrl).set(RouterSettings.JDBC_USER, DB_USER).set(RouterSettings.CONFIG_POLL_MS, POLL_MS).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @Test void routeDisabledInTheDatabaseStopsServingWithoutARedeploy() throws Exception {
    assertEquals(200, chat("drop-model").status());

    sql(DISABLE_ROUTE, "drop");

    awaitStatus("drop-model", s -> s != 200);
    assertEquals(404, chat("drop-model").status(), "no default route: a disabled route's model is not found");
    assertEquals(200, chat("keep-model").status(), "other routes keep serving");
  }

  @Test void upstreamModelChangedInTheDatabaseIsUsedWithoutARedeploy() throws Exception {
    sql(REWRITE_MODEL, "gpt-4.1-nano", "rename");

    String sentUpstream = Poll.until(PATIENCE, Duration.ofMillis(POLL_MS), () -> {
      upstream.reset();
      assertEquals(200, chat("rename-model").status());
      return upstream.onlyCall().model();
    }, "gpt-4.1-nano"::equals);
    assertEquals("gpt-4.1-nano", sentUpstream, "the rewrite did not take effect within " + PATIENCE);
  }

  private Response chat(String model) {
    return RouterClient.at(base).bearer(KEY).postJson("v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[]}");
  }

  private void awaitStatus(String model, IntPredicate wanted) throws InterruptedException {
    int last = Poll.until(PATIENCE, Duration.ofMillis(POLL_MS), () -> chat(model).status(), wanted::test);
    assertTrue(wanted.test(last), () -> model + " still answered " + last + " after " + PATIENCE);
  }

  /** Runs one update and bumps config_state.version in the same transaction, as the admin side would. */
  private static void sql(String update, String... params) throws SQLException {
    Properties credentials = new Properties();
    credentials.setProperty("user", DB_USER);
    credentials.setProperty("password", DB_PASSWORD);
    try (Connection db = new Driver().connect(jdbcUrl, credentials)) {
      db.setAutoCommit(false);
      try (PreparedStatement change = db.prepareStatement(update); Statement bump = db.createStatement()) {
        for (int i = 0; i < params.length; i++) change.setString(i + 1, params[i]);
        assertEquals(1, change.executeUpdate(), () -> "no row changed by: " + update);
        assertEquals(1, bump.executeUpdate(BUMP_VERSION), "config_state should have exactly one row");
      }
      db.commit();
    }
  }
}
