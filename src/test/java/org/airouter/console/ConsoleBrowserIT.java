package org.airouter.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import org.airouter.testing.Browser;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.RecordedRequest;
import org.airouter.testing.Reply;
import org.airouter.testing.Requirements;
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
 * create a route, issue a key and call /v1 with it through the OpenAI SDK, stream an online test from the mock
 * upstream, then both themes and a 360-px phone. Saves each page's screenshot to docs/screenshots/ on the way.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  static final String PASSWORD = "console-password-for-tests";
  static final String PROVIDER_KEY = "sk-browser-provider-key-wxyz";
  static final Path SHOTS = Paths.get("docs", "screenshots");
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

  void signIn(String password) {
    browser.byId("login:password").clear();
    browser.byId("login:password").sendKeys(password);
    browser.byId("login:signin").click();
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
    browser.byId("route:baseUrl").sendKeys("ftp://not-http");
    browser.byId("route:apiKey").sendKeys(PROVIDER_KEY);
    browser.byId("route:save").click();

    WebElement error = browser.find("#route\\:baseUrl ~ .field-error");
    assertEquals("must be an http or https URL", error.getText(), "the service's rule, beside its field");
    assertEquals("", browser.byId("route:apiKey").getAttribute("value"), "a secret is never sent back to the page");
    shoot("route");

    browser.byId("route:baseUrl").clear();
    browser.byId("route:baseUrl").sendKeys(upstream.baseUrl());
    browser.byId("route:apiKey").sendKeys(PROVIDER_KEY);
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
    browser.byId("create:createKey").click();
    browser.waitFor(d -> !d.findElements(org.openqa.selenium.By.id("issued-key")).isEmpty());
    issuedKey = browser.byId("issued-key").getText().trim();
    assertTrue(issuedKey.startsWith("ar-") && issuedKey.length() > 20, issuedKey);
    assertTrue(browser.find("tr[data-key='browser-key']").getText().contains(issuedKey.substring(0, 8)));
    shoot("keys");

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

    browser.open(url("console/routes.xhtml"));
    assertTrue(browser.find("tr[data-route='mock']").getText().contains("ok 200"), "the last test shows in the list");
    shoot("routes");
    noCspViolations();
  }

  @Test @Order(5)
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
  }

  @Test @Order(6)
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

  @Test @Order(7)
  void everyPageFitsA360PixelPhoneAndIsCapturedInBothThemes() {
    for (String page : List.of("routes", "keys", "test", "usage", "transfer")) {
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

  @Test @Order(8)
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

  @Test @Order(9)
  void routesAreReorderedDisabledAndDeletedAfterConfirmation() {
    browser.open(url("console/routes.xhtml"));
    assertEquals(List.of("mock", "imported"), routeOrder());
    browser.find("tr[data-route='imported'] input[value='↑']").click();
    browser.waitFor(d -> routeOrder().equals(List.of("imported", "mock")));

    browser.find("tr[data-route='imported'] input[value='Disable']").click();
    browser.waitFor(d -> messages().contains("Route imported disabled."));
    assertTrue(browser.find("tr[data-route='imported']").getText().contains("disabled"));

    browser.find("tr[data-route='imported'] input[value='Delete']").click();
    assertTrue(browser.find("tr[data-route='imported']").getText().contains("Delete imported?"), "asks first");
    browser.find("tr[data-route='imported'] input[value='Cancel']").click();
    assertEquals(List.of("imported", "mock"), routeOrder(), "cancel keeps it");
    browser.find("tr[data-route='imported'] input[value='Delete']").click();
    browser.find("tr[data-route='imported'] .confirm-delete").click();
    browser.waitFor(d -> messages().contains("Route imported deleted."));
    browser.waitFor(d -> routeOrder().equals(List.of("mock")));

    browser.open(url("console/usage.xhtml?range=7d"));
    assertEquals("7 d", browser.find(".segmented a[aria-current='page']").getText());
    assertTrue(Long.parseLong(browser.byId("stat-requests").getText().replace(",", "")) >= 1, "the SDK call is counted");
    assertTrue(browser.findAll("svg.chart rect.bar").size() >= 1, "a bar for it");
  }

  List<String> routeOrder() {
    return browser.findAll("#route-table tbody tr").stream().map(r -> r.getAttribute("data-route")).toList();
  }

  String background() {
    return (String) browser.script("return getComputedStyle(document.body).backgroundColor");
  }

  /** The current page at 1280×800 in light and dark, as docs/screenshots/NAME-light.png and NAME-dark.png. */
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
