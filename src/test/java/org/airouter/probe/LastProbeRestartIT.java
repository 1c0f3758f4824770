package org.airouter.probe;

import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A route's last online test is on its row: undeploy and deploy again on the same data (the config file imported
 * again at start, as every start does) and the admin API still shows it.
 */
@ExtendWith(ArquillianExtension.class)
class LastProbeRestartIT {
  static final String ROUTER = "router";
  static final String PASSWORD = "admin-password-last-test";
  static final String UPSTREAM_KEY = "sk-upstream-key-last-test";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(name = ROUTER, managed = false, testable = false)
  static WebArchive deployment() { return Deployments.router(); }

  @ArquillianResource Deployer deployer;

  @Test void theLastTestSurvivesARestart() {
    RouterSettings.fresh(LastProbeRestartIT.class).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .config(ConfigFiles.config().route(route("probed", "exact", "probed-model").at(upstream).apiKey(UPSTREAM_KEY)))
        .apply();
    upstream.always(Reply.error(503, "server_error", "overloaded", "Overloaded, key " + UPSTREAM_KEY));

    deployer.deploy(ROUTER);
    JsonObject before;
    try {
      Response test = admin().post("test", "{\"model\":\"probed-model\"}");
      assertEquals(200, test.status(), test::toString);
      assertFalse(test.json().getBoolean("ok"));
      before = lastTest();
    } finally {
      deployer.undeploy(ROUTER);
    }

    deployer.deploy(ROUTER);
    try {
      JsonObject after = lastTest();
      assertEquals(before, after, "the same result, read from the row after the restart");
      assertFalse(after.getBoolean("ok"));
      assertEquals(503, after.getInt("status"));
      assertEquals("Overloaded, key [redacted]", after.getString("message"));
      assertTrue(after.containsKey("at") && after.getJsonObject("timings").containsKey("totalMs"), after::toString);
    } finally {
      deployer.undeploy(ROUTER);
    }
  }

  static AdminClient admin() { return AdminClient.withPassword(Deployments.baseUrl(), PASSWORD); }

  static JsonObject lastTest() {
    Response routes = admin().get("routes");
    assertEquals(200, routes.status(), routes::toString);
    JsonObject route = Json.createReader(new StringReader(routes.text())).readArray().getJsonObject(0);
    assertEquals("probed", route.getString("name"));
    assertTrue(route.containsKey("lastTest"), route::toString);
    return route.getJsonObject("lastTest");
  }
}
