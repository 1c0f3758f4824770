package org.airouter.configfile;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
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
 * The start-up config file import: a broken entry is skipped without losing the others, and starting again on the
 * same data dir imports nothing twice. Deploys by hand (each test sets its settings first, and one test restarts).
 */
@ExtendWith(ArquillianExtension.class)
class ConfigImportIT {
  static final String ROUTER = "router";
  static final String KEY = "ar-test-key-import-0001";
  static final String BAD_KEY = "ar-test-key-import-bad-0001";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(name = ROUTER, managed = false, testable = false)
  static WebArchive deployment() {
    return Deployments.router();
  }

  @ArquillianResource Deployer deployer;

  RouterClient client() { return RouterClient.at(Deployments.baseUrl()).bearer(KEY); }

  static ConfigFiles.Config config() {
    return ConfigFiles.config()
        .route(route("alpha-model", "exact", "alpha-model").at(upstream).apiKey("sk-alpha-secret"))
        .rawRoute("{\"name\":\"broken\",\"match\":\"bogus\",\"pattern\":\"broken-*\",\"provider\":\"openai\","
            + "\"baseUrl\":\"" + upstream.baseUrl() + "\",\"apiKey\":\"sk-broken-secret\",\"upstreamModel\":null,"
            + "\"isDefault\":false,\"enabled\":true}")
        .route(route("beta-family", "glob", "beta-*").at(upstream).apiKey("sk-beta-secret"))
        .route(route("gamma-model", "exact", "gamma-model").at(upstream).apiKey("sk-gamma-secret"))
        // The new form: the disabled target and the one of a higher priority number are passed over.
        .rawRoute("{\"name\":\"delta-model\",\"match\":\"exact\",\"pattern\":\"delta-model\",\"maxAttempts\":2,"
            + "\"targets\":[{\"name\":\"later\",\"baseUrl\":\"http://127.0.0.1:9/v1\",\"apiKey\":\"sk-delta-later\","
            + "\"priority\":1},{\"name\":\"off\",\"baseUrl\":\"http://127.0.0.1:9/v1\",\"apiKey\":\"sk-delta-off\","
            + "\"enabled\":false},{\"name\":\"first\",\"baseUrl\":\"" + upstream.baseUrl() + "\","
            + "\"apiKey\":\"sk-delta-first\",\"upstreamModel\":\"delta-upstream\"}]}")
        .rawClientKey("{\"name\":\"bad-expiry\",\"key\":\"" + BAD_KEY + "\",\"allowedModels\":[],"
            + "\"expiresAt\":\"next tuesday\",\"enabled\":true}")
        .clientKey(clientKey("team-a", KEY));
  }

  @Test void badEntryIsSkippedAndTheRestStillImported() {
    RouterSettings.fresh(ConfigImportIT.class).config(config()).apply();
    deployer.deploy(ROUTER);
    try {
      assertEquals(200, chat("alpha-model").status());
      assertEquals(200, chat("beta-1").status(), "a route after the broken one is imported");
      assertEquals(200, chat("gamma-model").status());
      assertEquals(200, chat("delta-model").status(), "a route written with targets");
      assertEquals(List.of("sk-alpha-secret", "sk-beta-secret", "sk-gamma-secret", "sk-delta-first"),
          upstream.calls().stream().map(r -> r.bearer()).toList());
      assertEquals("delta-upstream", upstream.calls().get(3).model(), "the chosen target's model rewrite");

      JsonObject error = OpenAiErrors.expect(chat("broken-1"), 404);   // no default route: the broken one is not there
      assertEquals("model_not_found", OpenAiErrors.field(error, "code"));

      OpenAiErrors.expect(RouterClient.at(Deployments.baseUrl()).bearer(BAD_KEY).get("v1/models"), 401);
    } finally {
      deployer.undeploy(ROUTER);
    }
  }

  @Test void restartOnTheSameDataDirDoesNotDuplicateImportedEntries() {
    RouterSettings settings = RouterSettings.fresh(ConfigImportIT.class).config(config()).apply();
    deployer.deploy(ROUTER);
    Map<String, Long> first;
    try {
      first = modelCounts();
    } finally {
      deployer.undeploy(ROUTER);
    }

    settings.apply();   // same data dir, same file
    deployer.deploy(ROUTER);
    try {
      Map<String, Long> second = modelCounts();
      assertEquals(first, second, "the model list changed across a restart");
      for (String name : List.of("alpha-model", "gamma-model")) {
        assertEquals(1L, second.get(name), () -> name + " listed " + second.get(name) + " times after a restart");
      }
      upstream.reset();
      assertEquals(200, chat("alpha-model").status());
      assertEquals(200, chat("beta-2").status());
      assertEquals(List.of("sk-alpha-secret", "sk-beta-secret"), upstream.calls().stream().map(r -> r.bearer()).toList());
    } finally {
      deployer.undeploy(ROUTER);
    }
  }

  private Response chat(String model) {
    return client().postJson("v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[]}");
  }

  private Map<String, Long> modelCounts() {
    Response r = client().get("v1/models");
    assertEquals(200, r.status(), r::toString);
    return r.json().getJsonArray("data").stream().map(v -> v.asJsonObject().getString("id"))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }
}
