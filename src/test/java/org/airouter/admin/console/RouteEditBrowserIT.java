package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.airouter.testing.Console.strings;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.airouter.testing.Browser;
import org.airouter.testing.Console;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.RecordedRequest;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The route page in headless Chromium: a new route with a field error first, an Azure route with its provider fields
 * (called through them, then edited), and several targets added, moved and removed. Each test makes its own route;
 * the client key that calls /v1 comes from the config file. Saves route-*.png and route-targets-*.png.
 */
@ExtendWith(ArquillianExtension.class)
class RouteEditBrowserIT {
  static final String PASSWORD = "route-edit-password-for-tests";
  static final String PROVIDER_KEY = "sk-browser-provider-key-wxyz";
  static final String AZURE_KEY = "azure-browser-provider-key-6789";
  static final String CLIENT_KEY = "ar-route-edit-browser-key-0001";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  @RegisterExtension static final Browser browser = Browser.perClass();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(RouteEditBrowserIT.class)
        .configJson("{\"routes\": [], \"clientKeys\": [{\"name\": \"browser-key\", \"key\": \"" + CLIENT_KEY + "\"}]}")
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

  @Test
  void createARouteWithFieldErrorsFirst() {
    console.open("console/routes.xhtml");
    browser.byId("new-route").click();
    browser.byId("route:name").sendKeys("mock");
    browser.byId("route:pattern").sendKeys("mock-model");
    browser.byId("route:targets:0:baseUrl").sendKeys("ftp://not-http");
    browser.byId("route:targets:0:apiKey").sendKeys(PROVIDER_KEY);
    browser.byId("route:save").click();

    WebElement error = browser.find("#route\\:targets\\:0\\:baseUrl ~ .field-error");
    assertEquals("must be an http or https URL", error.getText(), "the service's rule, beside its field");
    assertEquals("", browser.byId("route:targets:0:apiKey").getAttribute("value"), "a secret is never sent back to the page");
    console.shoot("route");
    console.assertReadableInBothThemes("route, with a field error");

    browser.byId("route:targets:0:baseUrl").clear();
    browser.byId("route:targets:0:baseUrl").sendKeys(upstream.baseUrl());
    browser.byId("route:targets:0:apiKey").sendKeys(PROVIDER_KEY);
    browser.byId("route:save").click();
    browser.waitFor(d -> d.getCurrentUrl().endsWith("/console/routes.xhtml"));
    browser.waitFor(d -> console.messages().contains("Route mock saved."));
    WebElement row = browser.find("tr[data-route='mock']");
    assertTrue(row.getText().contains("sk-…wxyz"), row.getText());
    assertFalse(browser.driver().getPageSource().contains(PROVIDER_KEY), "the key itself never reaches the page");
  }

  @Test
  void anAzureRouteKeepsEveryProviderFieldAndIsCalledThroughThem() {
    upstream.always(Reply.chat("From the Azure deployment").after(Duration.ofMillis(150)));
    console.open("console/route.xhtml");
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
    browser.waitFor(d -> console.messages().contains("Route azure saved."));

    JsonObject saved = console.adminTarget("azure", 0);
    assertEquals("azure", saved.getString("provider"));
    assertEquals("2024-06-01", saved.getString("apiVersion"));
    assertEquals(Map.of("gpt-4o", "console-deploy"), strings(saved.getJsonObject("deployments")));
    assertEquals(Map.of("trace", "on"), strings(saved.getJsonObject("query")));
    assertTrue(saved.getBoolean("hasHeaders") && saved.getBoolean("hasApiKey"), saved::toString);
    assertFalse(saved.toString().contains("console test"), "header values are write-only in the API too");

    Response answer = RouterClient.at(base).bearer(CLIENT_KEY).postJson("v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, answer.status(), answer::toString);
    RecordedRequest call = upstream.onlyCall();
    assertEquals("/openai/deployments/console-deploy/chat/completions", call.path());
    assertEquals(Set.of("api-version=2024-06-01", "trace=on"), Set.of(call.query().split("&")));
    assertEquals(AZURE_KEY, call.header("api-key"));
    assertEquals("console test", call.header("X-Title"));

    // Edit: the stored fields come back, the headers only as "stored"; blank keeps them.
    console.open("console/routes.xhtml");
    browser.find("tr[data-route='azure'] a").click();
    browser.waitFor(d -> "2024-06-01".equals(browser.byId("route:targets:0:apiVersion").getAttribute("value")));
    assertEquals("gpt-4o = console-deploy", browser.byId("route:targets:0:deployments").getAttribute("value"));
    assertEquals("trace = on", browser.byId("route:targets:0:query").getAttribute("value"));
    assertEquals("", browser.byId("route:targets:0:headers").getAttribute("value"));
    assertTrue(browser.find("#route\\:targets\\:0\\:headers ~ .hint").getText().startsWith("Headers are stored"));
    assertFalse(browser.driver().getPageSource().contains("console test"), "no header value on the page");
    assertFalse(browser.driver().getPageSource().contains(AZURE_KEY));
    console.assertReadableInBothThemes("route, editing an Azure route");
    browser.byId("route:targets:0:apiVersion").clear();
    browser.byId("route:targets:0:apiVersion").sendKeys("2025-01-01-preview");
    browser.byId("route:save").click();
    browser.waitFor(d -> console.messages().contains("Route azure saved."));

    JsonObject edited = console.adminTarget("azure", 0);
    assertEquals("2025-01-01-preview", edited.getString("apiVersion"));
    assertTrue(edited.getBoolean("hasHeaders"), "kept: " + edited);
    assertEquals(Map.of("gpt-4o", "console-deploy"), strings(edited.getJsonObject("deployments")));
    upstream.reset();
    upstream.always(Reply.chat("Again").after(Duration.ofMillis(150)));
    assertEquals(200, RouterClient.at(base).bearer(CLIENT_KEY).postJson("v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[]}").status());
    assertTrue(upstream.onlyCall().query().contains("api-version=2025-01-01-preview"));
    assertEquals("console test", upstream.onlyCall().header("X-Title"), "the stored headers still go upstream");
  }

  /** Issue 16: a second target is added, its error shown beside its own field, moved first, then removed. */
  @Test
  void targetsAreAddedMovedAndRemovedWithErrorsBesideTheirOwnFields() {
    upstream.always(Reply.chat("From a target"));
    console.open("console/route.xhtml");
    browser.byId("route:name").sendKeys("multi");
    browser.byId("route:pattern").sendKeys("multi-model");
    browser.byId("route:targets:0:baseUrl").sendKeys("http://127.0.0.1:9/v1");
    browser.byId("route:targets:0:apiKey").sendKeys("sk-multi-first-key");
    browser.byId("route:save").click();
    browser.waitFor(d -> console.messages().contains("Route multi saved."));
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
    console.shoot("route-targets");
    console.assertReadableInBothThemes("route, with two targets");
    browser.viewport(360, 740, true);
    long width = ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
    assertTrue(width <= 360, "the targets fit a 360 px phone: " + width);
    browser.viewport(1280, 800, false);
    browser.byId("route:save").click();
    browser.waitFor(d -> console.messages().contains("Route multi saved."));

    JsonObject route = console.adminRoute("multi");
    assertEquals(List.of("target-2", "primary"), route.getJsonArray("targets").stream()
        .map(t -> t.asJsonObject().getString("name")).toList());
    assertEquals(4, console.adminTarget("multi", 0).getInt("weight"));
    assertTrue(console.adminTarget("multi", 1).getBoolean("hasApiKey"), "the first target kept its key");
    assertEquals(200, RouterClient.at(base).bearer(CLIENT_KEY).postJson("v1/chat/completions",
        "{\"model\":\"multi-model\",\"messages\":[]}").status());
    assertEquals("sk-multi-second-key", upstream.onlyCall().bearer(), "the first target in the list serves");

    browser.find("tr[data-route='multi'] a").click();
    WebElement remove = browser.byId("route:targets:0:remove");
    remove.click();
    browser.awaitReplaced(remove);
    assertTrue(browser.findAll("#route\\:targets\\:0\\:remove").isEmpty(), "the last target cannot be removed");
    browser.byId("route:save").click();
    browser.waitFor(d -> console.messages().contains("Route multi saved."));
    assertEquals(List.of("primary"), console.adminRoute("multi").getJsonArray("targets").stream()
        .map(t -> t.asJsonObject().getString("name")).toList());
    assertFalse(browser.driver().getPageSource().contains("sk-multi"), "no key ever reaches a page");
  }
}
