package org.airouter.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.airouter.testing.AdminClient;
import org.airouter.testing.Browser;
import org.airouter.testing.ContrastCheck;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.RecordedRequest;
import org.airouter.testing.Reply;
import org.airouter.testing.Requirements;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in headless Chromium, as an operator uses it, one story in order: sign in (wrong, throttled, right),
 * create a route, issue a key and call /v1 with it through the OpenAI SDK, an Azure route with its provider fields,
 * stream an online test from the mock upstream (its result kept on the route), both themes and a 360-px phone,
 * import (ours and the Worker's format) and export, reorder and delete, the usage charts, and WCAG AA contrast of
 * every page in both themes. Saves each page's screenshot on the way (to {@link #SHOTS}).
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  static final String PASSWORD = "console-password-for-tests";
  static final String PROVIDER_KEY = "sk-browser-provider-key-wxyz";
  static final String AZURE_KEY = "azure-browser-provider-key-6789";
  static final String WORKER_KEY = "sk-worker-claude-key-5678";
  static final String WORKER_CLIENT_KEY = "ar-worker-browser-key-0001";
  /** target/screenshots unless told otherwise (pom.xml: -Dairouter.screenshots=docs/screenshots refreshes the README's). */
  static final Path SHOTS = Paths.get(System.getProperty("airouter.screenshots", "target/screenshots"));
  static final long LOCKOUT_MS = 1500;

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  static Browser browser;
  static String issuedKey;

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(ConsoleBrowserIT.class)
        .set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .set(RouterSettings.LOGIN_FREE_FAILURES, 2)
        .set(RouterSettings.LOGIN_DELAY_MS, LOCKOUT_MS)
        .set(RouterSettings.USAGE_FLUSH_MS, 200)
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @BeforeAll static void startBrowser() {
    Requirements.require(Browser.available(), Browser.missing());
    browser = Browser.start();
    browser.viewport(1280, 800, false);
  }

  @AfterAll static void stopBrowser() {
    if (browser != null) browser.close();
  }

  String url(String path) { return base + path; }

  /** Submits the sign-in form and waits for the answer page: else the next attempt may type into the old one. */
  void signIn(String password) {
    WebElement field = browser.byId("login:password");
    field.clear();
    field.sendKeys(password);
    browser.byId("login:signin").click();
    browser.awaitReplaced(field);
  }

  String messages() { return browser.byId("messages").getText(); }

  @Test @Order(1)
  void signInNeedsTheRightPasswordAndSlowsDownGuessing() throws InterruptedException {
    browser.open(url(""));
    assertTrue(browser.driver().getCurrentUrl().endsWith("/login.xhtml"), "/ leads to the console's sign-in");
    shoot("login");

    signIn("wrong-password");
    assertEquals("Wrong password.", browser.find(".field-error").getText());
    assertTrue(browser.driver().getCurrentUrl().endsWith("/login.xhtml"));

    signIn("wrong-again");
    signIn("still-wrong");                       // the third failure: over the two free ones
    browser.waitFor(d -> messages().contains("Too many failed attempts"));
    long lockedAt = System.currentTimeMillis();
    signIn(PASSWORD);                            // even the right password waits out the lock-out
    browser.waitFor(d -> messages().contains("Too many failed attempts"));
    assertTrue(browser.driver().getCurrentUrl().endsWith("/login.xhtml"));

    Thread.sleep(Math.max(0, LOCKOUT_MS + 200 - (System.currentTimeMillis() - lockedAt)));
    signIn(PASSWORD);
    browser.waitFor(d -> d.getCurrentUrl().endsWith("/console/routes.xhtml"));
    assertEquals("Routes", browser.find("h1").getText());
    noCspViolations();
  }

  @Test @Order(2)
  void createARouteWithFieldErrorsFirst() {
    browser.open(url("console/routes.xhtml"));
    browser.byId("new-route").click();
    browser.byId("route:name").sendKeys("mock");
    browser.byId("route:pattern").sendKeys("mock-model");
    browser.byId("route:targets:0:baseUrl").sendKeys("ftp://not-http");
    browser.byId("route:targets:0:apiKey").sendKeys(PROVIDER_KEY);
    browser.byId("route:save").click();

    WebElement error = browser.find("#route\\:targets\\:0\\:baseUrl ~ .field-error");
    assertEquals("must be an http or https URL", error.getText(), "the service's rule, beside its field");
    assertEquals("", browser.byId("route:targets:0:apiKey").getAttribute("value"), "a secret is never sent back to the page");
    shoot("route");
    assertReadableInBothThemes("route, with a field error");

    browser.byId("route:targets:0:baseUrl").clear();
    browser.byId("route:targets:0:baseUrl").sendKeys(upstream.baseUrl());
    browser.byId("route:targets:0:apiKey").sendKeys(PROVIDER_KEY);
    browser.byId("route:save").click();
    browser.waitFor(d -> d.getCurrentUrl().endsWith("/console/routes.xhtml"));
    browser.waitFor(d -> messages().contains("Route mock saved."));
    WebElement row = browser.find("tr[data-route='mock']");
    assertTrue(row.getText().contains("sk-…wxyz"), row.getText());
    assertFalse(browser.driver().getPageSource().contains(PROVIDER_KEY), "the key itself never reaches the page");
  }

  @Test @Order(3)
  void aNewKeyIsShownOnceAndWorksOnV1() {
    upstream.always(Reply.chat("Hello through the console's key"));
    browser.open(url("console/keys.xhtml"));
    browser.byId("create:name").sendKeys("browser-key");
    browser.byId("create:allowedEndpoints").sendKeys("chat, filez");
    browser.byId("create:createKey").click();
    String error = browser.find("#create\\:allowedEndpoints ~ .field-error").getText();
    assertTrue(error.startsWith("'filez' is not an endpoint name; known: chat, "), error);
    browser.byId("create:allowedEndpoints").clear();
    browser.byId("create:allowedEndpoints").sendKeys("chat");   // all this key needs below
    browser.byId("create:createKey").click();
    browser.waitFor(d -> !d.findElements(org.openqa.selenium.By.id("issued-key")).isEmpty());
    issuedKey = browser.byId("issued-key").getText().trim();
    assertTrue(issuedKey.startsWith("ar-") && issuedKey.length() > 20, issuedKey);
    String row = browser.find("tr[data-key='browser-key']").getText();
    assertTrue(row.contains(issuedKey.substring(0, 8)), row);
    assertTrue(row.contains("all chat active"), "models: all, endpoints: chat; " + row);
    shoot("keys");
    assertReadableInBothThemes("keys, with the new key shown");

    browser.driver().navigate().refresh();
    assertTrue(browser.findAll("#issued-key").isEmpty(), "shown exactly once");
    assertFalse(browser.driver().getPageSource().contains(issuedKey));

    OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey(issuedKey).maxRetries(0)
        .timeout(Duration.ofSeconds(20)).build();
    try {
      ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("mock-model").addUserMessage("hi").build());
      assertEquals("Hello through the console's key", completion.choices().get(0).message().content().orElseThrow());
    } finally {
      openai.close();
    }
    assertEquals(PROVIDER_KEY, upstream.onlyCall().bearer());
  }

  @Test @Order(4)
  void anAzureRouteKeepsEveryProviderFieldAndIsCalledThroughThem() {
    upstream.always(Reply.chat("From the Azure deployment").after(Duration.ofMillis(150)));
    browser.open(url("console/route.xhtml"));
    browser.byId("route:name").sendKeys("azure");
    browser.byId("route:pattern").sendKeys("gpt-4o");
    new Select(browser.byId("route:targets:0:provider")).selectByValue("azure");
    browser.byId("route:targets:0:baseUrl").sendKeys(upstream.origin());
    browser.byId("route:targets:0:apiKey").sendKeys(AZURE_KEY);
    browser.byId("route:targets:0:apiVersion").sendKeys("2024 06 01");
    browser.byId("route:targets:0:deployments").sendKeys("gpt-4o = console-deploy\nno separator");
    browser.byId("route:targets:0:query").sendKeys("trace = on");
    browser.byId("route:targets:0:headers").sendKeys("X-Title: console test");
    browser.byId("route:save").click();

    assertEquals("line 2: expected name = value", browser.find("#route\\:targets\\:0\\:deployments ~ .field-error").getText());
    assertEquals("at most 40 letters, digits, '-' or '.'", browser.find("#route\\:targets\\:0\\:apiVersion ~ .field-error").getText());
    assertEquals("", browser.byId("route:targets:0:headers").getAttribute("value"), "header values are never sent back");
    assertEquals("trace = on", browser.byId("route:targets:0:query").getAttribute("value"));

    browser.byId("route:targets:0:apiVersion").clear();
    browser.byId("route:targets:0:apiVersion").sendKeys("2024-06-01");
    browser.byId("route:targets:0:deployments").clear();
    browser.byId("route:targets:0:deployments").sendKeys("gpt-4o = console-deploy");
    browser.byId("route:targets:0:headers").sendKeys("X-Title: console test");
    browser.byId("route:targets:0:apiKey").sendKeys(AZURE_KEY);
    browser.byId("route:save").click();
    browser.waitFor(d -> messages().contains("Route azure saved."));

    JsonObject saved = adminTarget("azure", 0);
    assertEquals("azure", saved.getString("provider"));
    assertEquals("2024-06-01", saved.getString("apiVersion"));
    assertEquals(Map.of("gpt-4o", "console-deploy"), strings(saved.getJsonObject("deployments")));
    assertEquals(Map.of("trace", "on"), strings(saved.getJsonObject("query")));
    assertTrue(saved.getBoolean("hasHeaders") && saved.getBoolean("hasApiKey"), saved::toString);
    assertFalse(saved.toString().contains("console test"), "header values are write-only in the API too");

    Response answer = RouterClient.at(base).bearer(issuedKey).postJson("v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, answer.status(), answer::toString);
    RecordedRequest call = upstream.onlyCall();
    assertEquals("/openai/deployments/console-deploy/chat/completions", call.path());
    assertEquals(Set.of("api-version=2024-06-01", "trace=on"), Set.of(call.query().split("&")));
    assertEquals(AZURE_KEY, call.header("api-key"));
    assertEquals("console test", call.header("X-Title"));

    // Edit: the stored fields come back, the headers only as "stored"; blank keeps them.
    browser.open(url("console/routes.xhtml"));
    browser.find("tr[data-route='azure'] a").click();
    browser.waitFor(d -> "2024-06-01".equals(browser.byId("route:targets:0:apiVersion").getAttribute("value")));
    assertEquals("gpt-4o = console-deploy", browser.byId("route:targets:0:deployments").getAttribute("value"));
    assertEquals("trace = on", browser.byId("route:targets:0:query").getAttribute("value"));
    assertEquals("", browser.byId("route:targets:0:headers").getAttribute("value"));
    assertTrue(browser.find("#route\\:targets\\:0\\:headers ~ .hint").getText().startsWith("Headers are stored"));
    assertFalse(browser.driver().getPageSource().contains("console test"), "no header value on the page");
    assertFalse(browser.driver().getPageSource().contains(AZURE_KEY));
    assertReadableInBothThemes("route, editing an Azure route");
    browser.byId("route:targets:0:apiVersion").clear();
    browser.byId("route:targets:0:apiVersion").sendKeys("2025-01-01-preview");
    browser.byId("route:save").click();
    browser.waitFor(d -> messages().contains("Route azure saved."));

    JsonObject edited = adminTarget("azure", 0);
    assertEquals("2025-01-01-preview", edited.getString("apiVersion"));
    assertTrue(edited.getBoolean("hasHeaders"), "kept: " + edited);
    assertEquals(Map.of("gpt-4o", "console-deploy"), strings(edited.getJsonObject("deployments")));
    upstream.reset();
    upstream.always(Reply.chat("Again").after(Duration.ofMillis(150)));
    assertEquals(200, RouterClient.at(base).bearer(issuedKey).postJson("v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[]}").status());
    assertTrue(upstream.onlyCall().query().contains("api-version=2025-01-01-preview"));
    assertEquals("console test", upstream.onlyCall().header("X-Title"), "the stored headers still go upstream");
  }

  @Test @Order(5)
  void theOnlineTestStreamsTheAnswerAsItArrives() {
    upstream.always(Reply.stream("Streaming ", "from ", "the ", "mock ", "upstream.").every(Duration.ofMillis(400)));
    browser.open(url("console/test.xhtml"));
    new Select(browser.byId("test:route")).selectByVisibleText("mock");
    browser.byId("test:message").clear();
    browser.byId("test:message").sendKeys("Count to five.");
    assertTrue(browser.byId("test:stream").isSelected(), "streaming is the default");
    browser.byId("test:send").click();

    // Part of the answer is on the page while the stream is still open: nothing is buffered on the way.
    browser.waitFor(d -> browser.byId("out-text").getText().contains("Streaming"));
    assertFalse(browser.byId("out-text").getText().contains("upstream."), "arrives piece by piece");
    assertEquals("streaming…", browser.byId("out-status").getText());

    browser.waitFor(d -> browser.byId("out-status").getText().startsWith("ok"));
    assertEquals("ok 200", browser.byId("out-status").getText());
    assertEquals("Streaming from the mock upstream.", browser.byId("out-text").getText());
    assertTrue(browser.byId("out-ttft").getText().matches("\\d+ ms"), browser.byId("out-ttft").getText());
    assertTrue(browser.byId("out-usage").getText().matches("\\d+ in · \\d+ out · \\d+ total"), browser.byId("out-usage").getText());
    RecordedRequest call = upstream.onlyCall();
    assertTrue(call.json().getBoolean("stream"));
    assertEquals("mock-model", call.json().getString("model"), "a route's exact pattern when no model is typed");
    assertEquals(PROVIDER_KEY, call.bearer());
    shoot("test");

    JsonObject last = adminRoute("mock").getJsonObject("lastTest");
    assertTrue(last.getBoolean("ok"), last::toString);
    assertEquals(200, last.getInt("status"));
    assertEquals("Streaming from the mock upstream.", last.getString("message"), "kept on the route's row");
    browser.open(url("console/routes.xhtml"));
    assertTrue(browser.find("tr[data-route='mock']").getText().contains("ok 200"), "the last test shows in the list");
    shoot("routes");
    noCspViolations();
  }

  @Test @Order(6)
  void anUpstreamErrorIsShownVerbatimWithoutSecrets() {
    upstream.always(Reply.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: " + PROVIDER_KEY + "."));
    browser.open(url("console/test.xhtml"));
    new Select(browser.byId("test:route")).selectByVisibleText("mock");
    browser.byId("test:send").click();
    browser.waitFor(d -> browser.byId("out-status").getText().startsWith("failed"));
    String error = browser.byId("out-error").getText();
    assertTrue(error.contains("Incorrect API key provided"), error);
    assertTrue(error.contains("invalid_api_key"), "the upstream's body, verbatim: " + error);
    assertFalse(error.contains(PROVIDER_KEY), error);
    assertEquals("failed 401", browser.byId("out-status").getText());
    assertReadableInBothThemes("test, with an upstream error");

    JsonObject last = adminRoute("mock").getJsonObject("lastTest");
    assertFalse(last.getBoolean("ok"), last::toString);
    assertEquals(401, last.getInt("status"));
    assertTrue(last.getString("message").startsWith("Incorrect API key provided: "), last::toString);
    assertFalse(last.toString().contains(PROVIDER_KEY), last::toString);
    browser.open(url("console/routes.xhtml"));
    assertTrue(browser.find("tr[data-route='mock']").getText().contains("failed 401"));
    assertTrue(browser.find("tr[data-route='mock'] .test-message").getAttribute("textContent")
        .startsWith("Incorrect API key provided: "), "the upstream's own message, kept with the result");
    assertFalse(browser.driver().getPageSource().contains(PROVIDER_KEY));
  }

  @Test @Order(7)
  void themesFollowTheSystemAndTheToggleIsRemembered() {
    browser.open(url("console/usage.xhtml"));
    browser.colorScheme("dark");
    assertEquals("rgb(14, 17, 22)", background(), "dark from prefers-color-scheme");
    browser.colorScheme("light");
    assertEquals("rgb(246, 247, 249)", background());

    browser.byId("theme-toggle").click();        // system → light
    browser.byId("theme-toggle").click();        // light → dark
    assertEquals("Theme: dark", browser.byId("theme-toggle").getText());
    browser.driver().navigate().refresh();
    assertEquals("rgb(14, 17, 22)", background(), "remembered in this browser, even against a light system");
    browser.byId("theme-toggle").click();        // dark → system
    assertEquals("rgb(246, 247, 249)", background());
    browser.driver().navigate().refresh();
    assertEquals("rgb(246, 247, 249)", background());
    assertTrue(browser.byId("theme-toggle").getText().startsWith("Theme: system"));
  }

  @Test @Order(8)
  void everyPageFitsA360PixelPhoneAndIsCapturedInBothThemes() {
    for (String page : List.of("routes", "route", "keys", "test", "usage", "transfer")) {
      browser.viewport(360, 740, true);
      browser.open(url("console/" + page + ".xhtml"));
      long width = ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
      assertTrue(width <= 360, () -> page + " is " + width + " px wide at 360 px; too wide: " + browser.script(
          "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361"
              + " && !e.closest('.table-wrap')).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ')"
              + " + ' / ' + [...document.querySelectorAll('.table-wrap, main, body, form')].map(e => e.tagName + '.' + e.className"
              + " + '=' + Math.round(e.getBoundingClientRect().width) + '/' + e.scrollWidth).join(', ') + ' vw=' + window.innerWidth"));
      if (page.equals("routes") || page.equals("test")) shootMobile(page);
      browser.viewport(1280, 800, false);
      if (page.equals("usage")) shoot(page);
    }
    // Keyboard: the first Tab lands on the skip link, and focus is visible.
    browser.open(url("console/routes.xhtml"));
    new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys(org.openqa.selenium.Keys.TAB).perform();
    WebElement focused = browser.driver().switchTo().activeElement();
    assertEquals("Skip to content", focused.getText());
    assertFalse("none".equals(focused.getCssValue("outline-style")), "focus is visible");
    noCspViolations();
  }

  @Test @Order(9)
  void anImportIsPreviewedBeforeItIsApplied() throws Exception {
    Path file = java.nio.file.Files.createTempFile("airouter-import-", ".json");
    java.nio.file.Files.writeString(file, "{\"routes\":[{\"name\":\"imported\",\"match\":\"glob\","
        + "\"pattern\":\"imported-*\",\"provider\":\"openai\",\"baseUrl\":\"http://127.0.0.1:9/v1\","
        + "\"apiKey\":\"sk-imported-provider-key-1234\"}],\"clientKeys\":[]}");
    browser.open(url("console/transfer.xhtml"));
    browser.byId("import:file").sendKeys(file.toAbsolutePath().toString());
    browser.byId("import:preview").click();
    WebElement preview = browser.byId("preview-result");
    assertTrue(preview.getText().contains("1 added"), preview.getText());
    assertTrue(preview.getText().contains("imported"), preview.getText());
    shoot("transfer");
    assertReadableInBothThemes("transfer, with a preview");
    browser.open(url("console/routes.xhtml"));
    assertTrue(browser.findAll("tr[data-route='imported']").isEmpty(), "a preview changes nothing");

    browser.open(url("console/transfer.xhtml"));
    browser.byId("import:file").sendKeys(file.toAbsolutePath().toString());
    browser.byId("import:preview").click();
    browser.byId("apply:applyImport").click();
    browser.waitFor(d -> messages().contains("Imported 1 routes"));
    browser.open(url("console/routes.xhtml"));
    assertTrue(browser.find("tr[data-route='imported']").getText().contains("sk-…1234"));
    java.nio.file.Files.deleteIfExists(file);
  }

  @Test @Order(10)
  void aWorkerExportIsPreviewedThenAppliedAndItsRoutesAndKeysWork() throws Exception {
    Path file = java.nio.file.Files.createTempFile("worker-export-", ".json");
    java.nio.file.Files.writeString(file, "{\"modelConfigs\":{"
        + "\"claude\":{\"endpoint\":\"http://127.0.0.1:9/v1/chat/completions\",\"apiKey\":\"" + WORKER_KEY + "\"},"
        + "\"gemini\":{\"endpoint\":\"http://127.0.0.1:9/v1/chat/completions\",\"apiKey\":\"sk-worker-gemini-key-4321\"}},"
        + "\"authKeys\":[\"" + WORKER_CLIENT_KEY + "\"]}");
    try {
      browser.open(url("console/transfer.xhtml"));
      browser.byId("import:file").sendKeys(file.toAbsolutePath().toString());
      browser.byId("import:preview").click();
      String preview = browser.byId("preview-result").getText();
      assertTrue(preview.contains("3 added"), preview);
      assertTrue(preview.contains("claude") && preview.contains("gemini") && preview.contains("worker-key-1"), preview);
      assertFalse(preview.contains(WORKER_KEY), "the preview shows no key: " + preview);
      assertTrue(AdminClient.withPassword(base, PASSWORD).get("routes").text().indexOf("\"claude\"") < 0,
          "a preview changes nothing");

      browser.byId("apply:applyImport").click();
      browser.waitFor(d -> messages().contains("Imported 2 routes and 1 client keys"));
      browser.open(url("console/routes.xhtml"));
      String claude = browser.find("tr[data-route='claude']").getText();
      assertTrue(claude.contains("keyword") && claude.contains("default") && claude.contains("sk-…5678"), claude);
      assertTrue(browser.find("tr[data-route='gemini']").getText().contains("keyword"));
      browser.open(url("console/keys.xhtml"));
      assertTrue(browser.find("tr[data-key='worker-key-1']").getText().contains("active"));

      upstream.always(Reply.chat("Hello, Worker user"));
      Response answer = RouterClient.at(base).bearer(WORKER_CLIENT_KEY).postJson("v1/chat/completions",
          "{\"model\":\"mock-model\",\"messages\":[]}");
      assertEquals(200, answer.status(), "the Worker's auth key is a client key now: " + answer);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test @Order(11)
  void theExportIsDownloadedWithProviderKeysOnlyWhenAsked() {
    browser.open(url("console/transfer.xhtml"));
    assertFalse(browser.byId("export:includeSecrets").isSelected(), "secrets are left out unless asked");
    browser.byId("export:download").click();
    JsonObject plain = json(browser.awaitDownload("config-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ".json"));
    Map<String, JsonObject> routes = byName(plain.getJsonArray("routes"));
    assertTrue(routes.keySet().containsAll(List.of("mock", "azure", "imported", "claude", "gemini")), routes::toString);
    routes.values().forEach(r -> r.getJsonArray("targets").forEach(t ->
        assertFalse(t.asJsonObject().containsKey("apiKey") || t.asJsonObject().containsKey("headers"), r::toString)));
    assertEquals("2025-01-01-preview", first(routes.get("azure")).getString("apiVersion"));
    assertEquals(Map.of("gpt-4o", "console-deploy"), strings(first(routes.get("azure")).getJsonObject("deployments")));
    String text = plain.toString();
    for (String secret : List.of(PROVIDER_KEY, AZURE_KEY, WORKER_KEY, "console test", WORKER_CLIENT_KEY, issuedKey)) {
      assertFalse(text.contains(secret), "the plain export holds no secret: " + secret);
    }
    assertTrue(byName(plain.getJsonArray("clientKeys")).containsKey("browser-key"));

    browser.open(url("console/transfer.xhtml"));
    browser.byId("export:includeSecrets").click();
    browser.byId("export:download").click();
    Map<String, JsonObject> withKeys = byName(json(browser.awaitDownload("-with-secrets.json")).getJsonArray("routes"));
    assertEquals(PROVIDER_KEY, first(withKeys.get("mock")).getString("apiKey"));
    assertEquals(AZURE_KEY, first(withKeys.get("azure")).getString("apiKey"));
    assertEquals(WORKER_KEY, first(withKeys.get("claude")).getString("apiKey"));
    assertEquals(Map.of("X-Title", "console test"), strings(first(withKeys.get("azure")).getJsonObject("headers")));
  }

  @Test @Order(12)
  void routesAreReorderedDisabledAndDeletedAfterConfirmation() {
    browser.open(url("console/routes.xhtml"));
    List<String> before = routeOrder();
    int at = before.indexOf("imported");
    assertTrue(at > 0, before::toString);
    List<String> movedUp = new java.util.ArrayList<>(before);
    java.util.Collections.swap(movedUp, at, at - 1);
    browser.find("tr[data-route='imported'] input[value='↑']").click();
    browser.waitFor(d -> routeOrder().equals(movedUp));

    browser.find("tr[data-route='imported'] input[value='Disable']").click();
    browser.waitFor(d -> messages().contains("Route imported disabled."));
    assertTrue(browser.find("tr[data-route='imported']").getText().contains("disabled"));

    browser.find("tr[data-route='imported'] input[value='Delete']").click();
    // Each click loads the page again: wait for the answer, not the page it replaces.
    browser.waitFor(d -> browser.find("tr[data-route='imported']").getText().contains("Delete imported?"));   // asks first
    browser.find("tr[data-route='imported'] input[value='Cancel']").click();
    browser.waitFor(d -> !browser.findAll("tr[data-route='imported'] input[value='Delete']").isEmpty());
    assertEquals(movedUp, routeOrder(), "cancel keeps it");
    browser.find("tr[data-route='imported'] input[value='Delete']").click();
    browser.find("tr[data-route='imported'] .confirm-delete").click();
    browser.waitFor(d -> messages().contains("Route imported deleted."));
    List<String> left = movedUp.stream().filter(n -> !n.equals("imported")).toList();
    browser.waitFor(d -> routeOrder().equals(left));
  }

  @Test @Order(13)
  void usageChartsRequestsTokensAndLatencyForEachRange() {
    for (String range : List.of("24h", "7d", "30d")) {
      browser.open(url("console/usage.xhtml?range=" + range));
      assertEquals(range.replace("h", " h").replace("d", " d"), browser.find(".segmented a[aria-current='page']").getText());
      assertTrue(Long.parseLong(browser.byId("stat-requests").getText().replace(",", "")) >= 3, "the /v1 calls are counted");
      List<WebElement> charts = browser.findAll("svg.chart");
      assertEquals(3, charts.size(), range);
      String per = range.equals("24h") ? "hour" : "day";
      WebElement latency = browser.find("#latency-chart svg.chart");
      assertEquals("Average latency per " + per + ", time to first byte highlighted", latency.getAttribute("aria-label"));
      int slots = latency.findElements(org.openqa.selenium.By.cssSelector("g")).size();
      int days = range.equals("7d") ? 7 : 30;
      // The range ends with the current hour, so a day range also holds part of its first and last day.
      assertTrue(range.equals("24h") ? slots == 24 : slots == days || slots == days + 1, slots + " slots for " + range);
      List<WebElement> bars = latency.findElements(org.openqa.selenium.By.cssSelector("rect.bar"));
      assertTrue(bars.size() >= 1, "the calls of this hour have a latency bar");
      String tip = (String) browser.script("return arguments[0].parentNode.querySelector('title').textContent", bars.get(0));
      assertTrue(tip.matches(".*: \\d+ ms, \\d+ ms to first byte"), tip);
      assertTrue(Integer.parseInt(tip.replaceAll(".*: (\\d+) ms,.*", "$1")) > 0, "the Azure calls took 150 ms: " + tip);
      assertTrue(latency.getAttribute("innerHTML").contains(" ms</text>"), "the axis is in milliseconds");
    }
    shoot("usage");
  }

  @Test @Order(14)
  void everyPageMeetsWcagAaContrastInBothThemes() {
    // The check itself first: #888 on white (3.54:1) fails as body text and passes as large text (3:1 suffices).
    browser.open(url("console/routes.xhtml"));
    browser.script("for (const [id, size] of [['faint', '15px'], ['faint-large', '24px']]) {"
        + " const p = document.createElement('p'); p.id = id; p.textContent = 'Faint text';"
        + " p.style.color = '#888'; p.style.background = '#fff'; p.style.fontSize = size;"
        + " document.querySelector('main').append(p); }");
    List<String> found = ContrastCheck.problems(browser);
    assertEquals(1, found.size(), found::toString);
    assertTrue(found.get(0).startsWith("p#faint \"Faint text\": 3.54:1, needs 4.5:1"), found::toString);

    long azure = adminRoute("azure").getJsonNumber("id").longValue();
    for (String page : List.of("login.xhtml", "console/routes.xhtml", "console/route.xhtml",
        "console/route.xhtml?id=" + azure, "console/keys.xhtml", "console/test.xhtml", "console/usage.xhtml",
        "console/usage.xhtml?range=30d", "console/transfer.xhtml")) {
      browser.open(url(page));
      assertReadableInBothThemes(page);
    }
  }

  /** Issue 16: a second target is added, its error shown beside its own field, moved first, then removed. */
  @Test @Order(15)
  void targetsAreAddedMovedAndRemovedWithErrorsBesideTheirOwnFields() {
    upstream.reset();
    upstream.always(Reply.chat("From a target"));
    browser.open(url("console/route.xhtml"));
    browser.byId("route:name").sendKeys("multi");
    browser.byId("route:pattern").sendKeys("multi-model");
    browser.byId("route:targets:0:baseUrl").sendKeys("http://127.0.0.1:9/v1");
    browser.byId("route:targets:0:apiKey").sendKeys("sk-multi-first-key");
    browser.byId("route:save").click();
    browser.waitFor(d -> messages().contains("Route multi saved."));
    browser.find("tr[data-route='multi'] a").click();

    WebElement add = browser.byId("route:addTarget");
    add.click();
    browser.awaitReplaced(add);
    assertEquals("target-2", browser.byId("route:targets:1:name").getAttribute("value"));
    assertEquals("primary", browser.byId("route:targets:0:name").getAttribute("value"), "the first is kept as typed");
    browser.byId("route:targets:1:baseUrl").sendKeys("ftp://second");
    browser.byId("route:targets:1:apiKey").sendKeys("sk-multi-second-key");
    browser.byId("route:targets:1:weight").clear();
    browser.byId("route:targets:1:weight").sendKeys("4");
    browser.byId("route:save").click();
    assertEquals("must be an http or https URL",
        browser.find("#route\\:targets\\:1\\:baseUrl ~ .field-error").getText(), "beside the second target's field");
    assertTrue(browser.findAll("#route\\:targets\\:0\\:baseUrl ~ .field-error").isEmpty(), "not the first's");

    browser.byId("route:targets:1:baseUrl").clear();
    browser.byId("route:targets:1:baseUrl").sendKeys(upstream.baseUrl());
    browser.byId("route:targets:1:apiKey").sendKeys("sk-multi-second-key");
    WebElement up = browser.byId("route:targets:1:up");
    up.click();                                  // the second target moves first: it serves now
    browser.awaitReplaced(up);
    assertEquals("target-2", browser.byId("route:targets:0:name").getAttribute("value"));
    assertEquals(upstream.baseUrl(), browser.byId("route:targets:0:baseUrl").getAttribute("value"),
        "typed values move with their target");
    assertTrue(browser.find("#route\\:targets\\:0\\:apiKey ~ .hint").getText().startsWith("A new key is typed"),
        "a typed key is held across the move, never shown");
    shoot("route-targets");
    assertReadableInBothThemes("route, with two targets");
    browser.viewport(360, 740, true);
    long width = ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
    assertTrue(width <= 360, "the targets fit a 360 px phone: " + width);
    browser.viewport(1280, 800, false);
    browser.byId("route:save").click();
    browser.waitFor(d -> messages().contains("Route multi saved."));

    JsonObject route = adminRoute("multi");
    assertEquals(List.of("target-2", "primary"), route.getJsonArray("targets").stream()
        .map(t -> t.asJsonObject().getString("name")).toList());
    assertEquals(4, adminTarget("multi", 0).getInt("weight"));
    assertTrue(adminTarget("multi", 1).getBoolean("hasApiKey"), "the first target kept its key");
    assertEquals(200, RouterClient.at(base).bearer(issuedKey).postJson("v1/chat/completions",
        "{\"model\":\"multi-model\",\"messages\":[]}").status());
    assertEquals("sk-multi-second-key", upstream.onlyCall().bearer(), "the first target in the list serves");

    browser.find("tr[data-route='multi'] a").click();
    WebElement remove = browser.byId("route:targets:0:remove");
    remove.click();
    browser.awaitReplaced(remove);
    assertTrue(browser.findAll("#route\\:targets\\:0\\:remove").isEmpty(), "the last target cannot be removed");
    browser.byId("route:save").click();
    browser.waitFor(d -> messages().contains("Route multi saved."));
    assertEquals(List.of("primary"), adminRoute("multi").getJsonArray("targets").stream()
        .map(t -> t.asJsonObject().getString("name")).toList());
    assertFalse(browser.driver().getPageSource().contains("sk-multi"), "no key ever reaches a page");
  }

  /** WCAG AA contrast of every visible text on the current page, under a light and a dark system theme. */
  void assertReadableInBothThemes(String what) {
    List<String> problems = new java.util.ArrayList<>();
    for (String scheme : List.of("light", "dark")) {
      browser.colorScheme(scheme);
      ContrastCheck.problems(browser).forEach(p -> problems.add(scheme + ": " + p));
    }
    browser.colorScheme("light");
    assertTrue(problems.isEmpty(), what + ": text below WCAG AA contrast:\n" + String.join("\n", problems));
  }

  /** An exported route's first target. */
  static JsonObject first(JsonObject route) { return route.getJsonArray("targets").getJsonObject(0); }

  /** Target {@code index} of a route as the admin API shows it. */
  JsonObject adminTarget(String route, int index) {
    return adminRoute(route).getJsonArray("targets").getJsonObject(index);
  }

  /** A route as the admin API shows it, by name. */
  JsonObject adminRoute(String name) {
    Response list = AdminClient.withPassword(base, PASSWORD).get("routes");
    assertEquals(200, list.status(), list::toString);
    JsonObject route = byName(Json.createReader(new StringReader(list.text())).readArray()).get(name);
    assertTrue(route != null, "no route " + name + " in " + list.text());
    return route;
  }

  static Map<String, JsonObject> byName(JsonArray array) {
    Map<String, JsonObject> out = new java.util.LinkedHashMap<>();
    array.forEach(v -> out.put(v.asJsonObject().getString("name"), v.asJsonObject()));
    return out;
  }

  static Map<String, String> strings(JsonObject object) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    object.forEach((k, v) -> out.put(k, ((JsonString) v).getString()));
    return out;
  }

  static JsonObject json(byte[] bytes) {
    return Json.createReader(new StringReader(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))).readObject();
  }

  List<String> routeOrder() {
    return browser.findAll("#route-table tbody tr").stream().map(r -> r.getAttribute("data-route")).toList();
  }

  String background() {
    return (String) browser.script("return getComputedStyle(document.body).backgroundColor");
  }

  /** The current page at 1280×800 in light and dark, as NAME-light.png and NAME-dark.png. */
  void shoot(String name) {
    for (String scheme : List.of("light", "dark")) {
      browser.colorScheme(scheme);
      browser.screenshot(SHOTS.resolve(name + "-" + scheme + ".png"));
    }
    browser.colorScheme("light");
  }

  void shootMobile(String name) {
    for (String scheme : List.of("light", "dark")) {
      browser.colorScheme(scheme);
      browser.screenshot(SHOTS.resolve(name + "-phone-" + scheme + ".png"));
    }
    browser.colorScheme("light");
  }

  void noCspViolations() {
    List<String> csp = browser.consoleMessages().stream().filter(m -> m.contains("Content Security Policy")).toList();
    assertTrue(csp.isEmpty(), "CSP violations: " + csp);
  }
}
