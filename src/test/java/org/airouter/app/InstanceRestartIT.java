package org.airouter.app;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.LogCapture;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.h2.Driver;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restarts on the same database: the config file does not undo the console, and an instance started with secrets of
 * its own on a database another instance wrote is refused before it writes anything.
 */
@ExtendWith(ArquillianExtension.class)
class InstanceRestartIT {
  static final String ROUTER = "router";
  static final String PASSWORD = "admin-password-restart";
  static final String KEY = "ar-restart-key-000001";
  static final String CHAT = "{\"model\":\"restart-model\",\"messages\":[]}";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(name = ROUTER, managed = false, testable = false)
  static WebArchive deployment() { return Deployments.router(); }

  @ArquillianResource Deployer deployer;

  static ConfigFiles.Config config() {
    return ConfigFiles.config().route(route("restart", "exact", "restart-model").at(upstream).apiKey("sk-upstream-restart"))
        .clientKey(clientKey("team", KEY));
  }

  @Test void aKeyRevokedInTheConsoleStaysRevokedAfterARestartWithTheSameFileAndAChangedFileIsApplied() {
    RouterSettings settings = RouterSettings.in(run("revocation")).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .config(config()).apply();
    deployer.deploy(ROUTER);
    try {
      assertEquals(200, chat().status());
      JsonObject key = firstKey(admin().get("client-keys"));
      Response revoked = admin().put("client-keys/" + key.getJsonNumber("id").longValue(),
          "{\"name\":\"team\",\"enabled\":false,\"version\":" + key.getJsonNumber("version").longValue() + "}");
      assertEquals(200, revoked.status(), revoked::toString);
      assertEquals(401, chat().status(), "revoked in the console");
    } finally {
      deployer.undeploy(ROUTER);
    }

    deployer.deploy(ROUTER);   // same file, unchanged
    try {
      assertEquals(401, chat().status(), "the unchanged file did not re-enable the key");
    } finally {
      deployer.undeploy(ROUTER);
    }

    settings.config(config().route(route("second", "exact", "second-model").at(upstream))).apply();
    deployer.deploy(ROUTER);   // the file changed: applied as a whole, so it wins where it names something
    try {
      assertEquals(200, chat().status(), "the changed file names the key enabled");
    } finally {
      deployer.undeploy(ROUTER);
    }
  }

  @Test void anInstanceWithOtherSecretsOnTheSameDatabaseRefusesToStartAndWritesNothing() throws Exception {
    Path shared = run("shared-db");
    String url = "jdbc:h2:file:" + shared.resolve("airouter-shared").toAbsolutePath();
    RouterSettings first = RouterSettings.in(shared.resolve("first")).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .set(RouterSettings.JDBC_URL, url).config(config()).apply();
    deployer.deploy(ROUTER);
    try {
      assertEquals(200, chat().status());
    } finally {
      deployer.undeploy(ROUTER);
    }
    String before = rows(url);

    RouterSettings second = RouterSettings.in(shared.resolve("second")).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .set(RouterSettings.JDBC_URL, url).config(config()).apply();
    LogCapture log = LogCapture.start();
    try {
      try {
        deployer.deploy(ROUTER);   // the embedded Tomcat reports a context that failed to start only in its log
      } catch (RuntimeException reported) {
        // a container that reports it: as refused
      }
      assertTrue(RouterClient.at(Deployments.baseUrl()).get("health/ready").status() != 200, "not started");
      assertTrue(chat().status() != 200, "the second instance must not serve");
    } finally {
      log.close();
      try {
        deployer.undeploy(ROUTER);
      } catch (RuntimeException notDeployed) {
        // nothing to undeploy
      }
    }
    String said = String.join("", log.lines());
    for (String needed : List.of("secrets do not match", "master.key", "key-hash.secret",
        first.dataDir().toString(), second.dataDir().toString(), "airouter.master-key", "airouter.key-hash-secret")) {
      assertTrue(said.contains(needed), () -> "'" + needed + "' not in the log: " + said);
    }
    assertEquals(before, rows(url), "no re-sealing, re-hashing or import by the refused instance");

    first.apply();
    deployer.deploy(ROUTER);
    try {
      assertEquals(200, chat().status(), "the first instance still answers its key");
    } finally {
      deployer.undeploy(ROUTER);
    }
  }

  static Path run(String name) {
    return Paths.get("target", "it-data", "InstanceRestartIT-" + name + "-" + System.nanoTime());
  }

  static JsonObject firstKey(Response list) {
    assertEquals(200, list.status(), list::toString);
    return Json.createReader(new StringReader(list.text())).readArray().getJsonObject(0);
  }

  /** Every row the secrets shape: sealed provider keys, client key hashes, check values. */
  static String rows(String url) throws Exception {
    StringBuilder out = new StringBuilder();
    Properties credentials = new Properties();
    credentials.setProperty("user", "");
    credentials.setProperty("password", "");
    try (Connection c = new Driver().connect(url, credentials); Statement s = c.createStatement()) {
      for (String sql : List.of("select r.name, t.sealed_api_key, r.version from route r join route_target t on t.route_id = r.id order by r.name, t.name",
          "select name, key_hash, enabled, version from client_key order by name",
          "select name, check_value, written_at from instance_check order by name")) {
        try (ResultSet rs = s.executeQuery(sql)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) out.append(rs.getString(i)).append('|');
            out.append('\n');
          }
        }
      }
    }
    return out.toString();
  }

  static AdminClient admin() { return AdminClient.withPassword(Deployments.baseUrl(), PASSWORD); }

  static Response chat() {
    return RouterClient.at(Deployments.baseUrl()).bearer(KEY).postJson("v1/chat/completions", CHAT);
  }
}
