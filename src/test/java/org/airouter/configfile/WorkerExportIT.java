package org.airouter.configfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.List;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.OpenAiErrors;
import org.airouter.testing.RecordedRequest;
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

/**
 * The original Worker's export ({"modelConfigs":{keyword:{endpoint,apiKey}},"authKeys":[...]}) imported as keyword
 * routes in file order, the first being the default, and one client key per auth key.
 */
@ExtendWith(ArquillianExtension.class)
class WorkerExportIT {
  static final String KEY_1 = "ar-worker-key-0001";
  static final String KEY_2 = "ar-worker-key-0002";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    String json = "{\"modelConfigs\":{"
        + "\"gpt\":{\"endpoint\":\"" + upstream.baseUrl() + "\",\"apiKey\":\"sk-worker-gpt\"},"
        + "\"claude\":{\"endpoint\":\"" + upstream.baseUrl() + "\",\"apiKey\":\"sk-worker-claude\"}},"
        + "\"authKeys\":[\"" + KEY_1 + "\",\"" + KEY_2 + "\"]}";
    RouterSettings.fresh(WorkerExportIT.class).configJson(json).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @Test void keywordRoutesServeModelsContainingTheirKeyword() {
    assertEquals(200, chat(KEY_1, "gpt-4o").status());
    assertEquals(200, chat(KEY_1, "anthropic/claude-3-5-sonnet").status());

    assertEquals(List.of("sk-worker-gpt", "sk-worker-claude"), upstream.calls().stream().map(RecordedRequest::bearer).toList());
  }

  @Test void firstEntryIsTheDefaultRoute() {
    assertEquals(200, chat(KEY_1, "llama-3.1-70b").status());

    assertEquals("sk-worker-gpt", upstream.onlyCall().bearer());
  }

  @Test void everyAuthKeyBecomesAClientKey() {
    assertEquals(200, chat(KEY_1, "gpt-4o").status());
    assertEquals(200, chat(KEY_2, "gpt-4o").status());
    OpenAiErrors.expect(chat("ar-worker-key-9999", "gpt-4o"), 401);
  }

  @Test void workerKeysKeepEveryEndpoint() {
    // The Worker forwarded any path; its keys have no model list, so they keep that reach (files on the default route).
    Response files = RouterClient.at(base).bearer(KEY_1).get("v1/files");
    assertEquals(200, files.status(), files::toString);
    assertEquals("/v1/files", upstream.onlyCall().path());
  }

  private Response chat(String key, String model) {
    return RouterClient.at(base).bearer(key).postJson("v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[]}");
  }
}
