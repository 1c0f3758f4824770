package org.airouter.health;

import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What operators' tooling reads: health without auth, metrics behind their token, neither showing a secret. */
@ExtendWith(ArquillianExtension.class)
class OperationsEndpointsIT {
  // The seed route and metrics token of AdminApiIT's deployment, in a deployment of its own.
  static final String METRICS_TOKEN = "metrics-token-for-tests";
  static final String UPSTREAM_KEY = "sk-upstream-secret-of-the-seed-route";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(OperationsEndpointsIT.class)
        .set(RouterSettings.METRICS_TOKEN, METRICS_TOKEN)
        .config(ConfigFiles.config().route(route("seed", "exact", "seed-model").at(upstream).apiKey(UPSTREAM_KEY)))
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @Test void healthNeedsNoAuthAndShowsNoSecrets() {
    Response live = RouterClient.at(base).get("health/live");
    Response ready = RouterClient.at(base).get("health/ready");
    assertEquals(200, live.status(), live::toString);
    assertEquals("UP", live.json().getString("status"));
    assertEquals(200, ready.status(), ready::toString);
    assertEquals("UP", ready.json().getJsonObject("checks").getString("database"));
    assertEquals("UP", ready.json().getJsonObject("checks").getString("config"));
    assertFalse(ready.text().contains("jdbc"), ready.text());
  }

  @Test void metricsNeedTheTokenAndExposeJvmAndProxyGauges() {
    OpenAiErrors.expect(RouterClient.at(base).get("metrics"), 401);
    OpenAiErrors.expect(RouterClient.at(base).bearer("wrong").get("metrics"), 401);
    Response metrics = RouterClient.at(base).bearer(METRICS_TOKEN).get("metrics");
    assertEquals(200, metrics.status(), metrics::toString);
    assertTrue(metrics.header("content-type").startsWith("text/plain"), metrics.header("content-type"));
    assertTrue(metrics.text().contains("jvm_memory_used_bytes"), "JVM basics");
    assertTrue(metrics.text().contains("airouter_open_streams"), "open proxy exchanges");
    assertTrue(metrics.text().contains("\nairouter_upstream_clients_replaced 0.0\n"), "no dead reactor replaced");
    assertFalse(metrics.text().contains(UPSTREAM_KEY));
  }
}
