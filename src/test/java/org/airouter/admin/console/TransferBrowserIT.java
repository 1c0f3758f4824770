package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.airouter.testing.Console.byName;
import static org.airouter.testing.Console.first;
import static org.airouter.testing.Console.json;
import static org.airouter.testing.Console.strings;

import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.airouter.testing.AdminClient;
import org.airouter.testing.Browser;
import org.airouter.testing.Console;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * The transfer page in headless Chromium: an import (ours, then the Worker's format) is previewed before it is
 * applied, and the export is downloaded with provider keys only when asked. In order within this class: the export
 * checks that what the two imports added goes out again, with their keys only in the export with secrets. The
 * config file gives the routes and key that were there before (an Azure route with every provider field, a client
 * key). Saves transfer-*.png.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransferBrowserIT {
  static final String PASSWORD = "transfer-password-for-tests";
  static final String PROVIDER_KEY = "sk-browser-provider-key-wxyz";
  static final String AZURE_KEY = "azure-browser-provider-key-6789";
  static final String BROWSER_KEY = "ar-transfer-browser-key-0001";
  static final String WORKER_KEY = "sk-worker-claude-key-5678";
  static final String WORKER_CLIENT_KEY = "ar-worker-browser-key-0001";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  @RegisterExtension static final Browser browser = Browser.perClass();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(TransferBrowserIT.class)
        .configJson("""
            {"routes": [
              {"name": "mock", "match": "exact", "pattern": "mock-model", "baseUrl": "%s", "apiKey": "%s"},
              {"name": "azure", "match": "exact", "pattern": "gpt-4o", "provider": "azure", "baseUrl": "%s",
               "apiKey": "%s", "apiVersion": "2025-01-01-preview", "deployments": {"gpt-4o": "console-deploy"},
               "query": {"trace": "on"}, "headers": {"X-Title": "console test"}}],
             "clientKeys": [{"name": "browser-key", "key": "%s"}]}
            """.formatted(upstream.baseUrl(), PROVIDER_KEY, upstream.origin(), AZURE_KEY, BROWSER_KEY))
        .set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;
  Console console;

  @BeforeEach void signIn() {
    console = new Console(browser, base, PASSWORD);
    console.signIn();
  }

  @Test @Order(1)
  void anImportIsPreviewedBeforeItIsApplied() throws Exception {
    Path file = Files.createTempFile("airouter-import-", ".json");
    Files.writeString(file, "{\"routes\":[{\"name\":\"imported\",\"match\":\"glob\","
        + "\"pattern\":\"imported-*\",\"provider\":\"openai\",\"baseUrl\":\"http://127.0.0.1:9/v1\","
        + "\"apiKey\":\"sk-imported-provider-key-1234\"}],\"clientKeys\":[]}");
    console.open("console/transfer.xhtml");
    browser.byId("import:file").sendKeys(file.toAbsolutePath().toString());
    browser.byId("import:preview").click();
    WebElement preview = browser.byId("preview-result");
    assertTrue(preview.getText().contains("1 added"), preview.getText());
    assertTrue(preview.getText().contains("imported"), preview.getText());
    console.shoot("transfer");
    console.assertReadableInBothThemes("transfer, with a preview");
    console.open("console/routes.xhtml");
    assertTrue(browser.findAll("tr[data-route='imported']").isEmpty(), "a preview changes nothing");

    console.open("console/transfer.xhtml");
    browser.byId("import:file").sendKeys(file.toAbsolutePath().toString());
    browser.byId("import:preview").click();
    browser.byId("apply:applyImport").click();
    browser.waitFor(d -> console.messages().contains("Imported 1 route and"));
    console.open("console/routes.xhtml");
    assertTrue(browser.find("tr[data-route='imported']").getText().contains("sk-…1234"));
    Files.deleteIfExists(file);
  }

  @Test @Order(2)
  void aWorkerExportIsPreviewedThenAppliedAndItsRoutesAndKeysWork() throws Exception {
    Path file = Files.createTempFile("worker-export-", ".json");
    Files.writeString(file, "{\"modelConfigs\":{"
        + "\"claude\":{\"endpoint\":\"http://127.0.0.1:9/v1/chat/completions\",\"apiKey\":\"" + WORKER_KEY + "\"},"
        + "\"gemini\":{\"endpoint\":\"http://127.0.0.1:9/v1/chat/completions\",\"apiKey\":\"sk-worker-gemini-key-4321\"}},"
        + "\"authKeys\":[\"" + WORKER_CLIENT_KEY + "\"]}");
    try {
      console.open("console/transfer.xhtml");
      browser.byId("import:file").sendKeys(file.toAbsolutePath().toString());
      browser.byId("import:preview").click();
      String preview = browser.byId("preview-result").getText();
      assertTrue(preview.contains("3 added"), preview);
      assertTrue(preview.contains("claude") && preview.contains("gemini") && preview.contains("worker-key-1"), preview);
      assertFalse(preview.contains(WORKER_KEY), "the preview shows no key: " + preview);
      assertTrue(AdminClient.withPassword(base, PASSWORD).get("routes").text().indexOf("\"claude\"") < 0,
          "a preview changes nothing");

      browser.byId("apply:applyImport").click();
      browser.waitFor(d -> console.messages().contains("Imported 2 routes and 1 client key from"));
      console.open("console/routes.xhtml");
      String claude = browser.find("tr[data-route='claude']").getText();
      assertTrue(claude.contains("keyword") && claude.contains("default") && claude.contains("sk-…5678"), claude);
      assertTrue(browser.find("tr[data-route='gemini']").getText().contains("keyword"));
      console.open("console/keys.xhtml");
      assertTrue(browser.find("tr[data-key='worker-key-1']").getText().contains("active"));

      upstream.always(Reply.chat("Hello, Worker user"));
      Response answer = RouterClient.at(base).bearer(WORKER_CLIENT_KEY).postJson("v1/chat/completions",
          "{\"model\":\"mock-model\",\"messages\":[]}");
      assertEquals(200, answer.status(), "the Worker's auth key is a client key now: " + answer);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test @Order(3)
  void theExportIsDownloadedWithProviderKeysOnlyWhenAsked() {
    console.open("console/transfer.xhtml");
    assertFalse(browser.byId("export:includeSecrets").isSelected(), "secrets are left out unless asked");
    browser.byId("export:download").click();
    JsonObject plain = json(browser.awaitDownload("config-" + LocalDate.now(ZoneOffset.UTC) + ".json"));
    Map<String, JsonObject> routes = byName(plain.getJsonArray("routes"));
    assertTrue(routes.keySet().containsAll(List.of("mock", "azure", "imported", "claude", "gemini")), routes::toString);
    routes.values().forEach(r -> r.getJsonArray("targets").forEach(t ->
        assertFalse(t.asJsonObject().containsKey("apiKey") || t.asJsonObject().containsKey("headers"), r::toString)));
    assertEquals("2025-01-01-preview", first(routes.get("azure")).getString("apiVersion"));
    assertEquals(Map.of("gpt-4o", "console-deploy"), strings(first(routes.get("azure")).getJsonObject("deployments")));
    String text = plain.toString();
    for (String secret : List.of(PROVIDER_KEY, AZURE_KEY, WORKER_KEY, "console test", WORKER_CLIENT_KEY, BROWSER_KEY)) {
      assertFalse(text.contains(secret), "the plain export holds no secret: " + secret);
    }
    assertTrue(byName(plain.getJsonArray("clientKeys")).containsKey("browser-key"));

    console.open("console/transfer.xhtml");
    browser.byId("export:includeSecrets").click();
    browser.byId("export:download").click();
    Map<String, JsonObject> withKeys = byName(json(browser.awaitDownload("-with-secrets.json")).getJsonArray("routes"));
    assertEquals(PROVIDER_KEY, first(withKeys.get("mock")).getString("apiKey"));
    assertEquals(AZURE_KEY, first(withKeys.get("azure")).getString("apiKey"));
    assertEquals(WORKER_KEY, first(withKeys.get("claude")).getString("apiKey"));
    assertEquals(Map.of("X-Title", "console test"), strings(first(withKeys.get("azure")).getJsonObject("headers")));
  }
}
