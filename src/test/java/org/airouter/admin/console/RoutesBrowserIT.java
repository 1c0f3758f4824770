package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.airouter.testing.Browser;
import org.airouter.testing.Console;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.RecordedRequest;
import org.airouter.testing.Reply;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;

/**
 * The routes list and the online test page, whose last result the list shows, in headless Chromium: the test streams
 * the answer as it arrives, an upstream error is shown verbatim without the key, and routes are reordered, disabled
 * and deleted after confirmation. The routes come from the config file. Saves test-*.png and routes-*.png.
 */
@ExtendWith(ArquillianExtension.class)
class RoutesBrowserIT {
  static final String PASSWORD = "routes-password-for-tests";
  static final String PROVIDER_KEY = "sk-browser-provider-key-wxyz";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  @RegisterExtension static final Browser browser = Browser.perClass();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(RoutesBrowserIT.class)
        .configJson("""
            {"routes": [
              {"name": "mock", "match": "exact", "pattern": "mock-model", "baseUrl": "%s", "apiKey": "%s"},
              {"name": "azure", "match": "exact", "pattern": "gpt-4o", "provider": "azure", "baseUrl": "%s",
               "apiKey": "azure-browser-provider-key-6789", "apiVersion": "2025-01-01-preview",
               "deployments": {"gpt-4o": "console-deploy"}},
              {"name": "imported", "match": "glob", "pattern": "imported-*", "baseUrl": "http://127.0.0.1:9/v1",
               "apiKey": "sk-imported-provider-key-1234"}],
             "clientKeys": []}
            """.formatted(upstream.baseUrl(), PROVIDER_KEY, upstream.origin()))
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
  void theOnlineTestStreamsTheAnswerAsItArrives() {
    upstream.always(Reply.stream("Streaming ", "from ", "the ", "mock ", "upstream.").every(Duration.ofMillis(400)));
    console.open("console/test.xhtml");
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
    console.shoot("test");

    JsonObject last = console.adminRoute("mock").getJsonObject("lastTest");
    assertTrue(last.getBoolean("ok"), last::toString);
    assertEquals(200, last.getInt("status"));
    assertEquals("Streaming from the mock upstream.", last.getString("message"), "kept on the route's row");
    console.open("console/routes.xhtml");
    assertTrue(browser.find("tr[data-route='mock']").getText().contains("ok 200"), "the last test shows in the list");
    console.shoot("routes");
    console.noCspViolations();
  }

  @Test
  void anUpstreamErrorIsShownVerbatimWithoutSecrets() {
    upstream.always(Reply.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: " + PROVIDER_KEY + "."));
    console.open("console/test.xhtml");
    new Select(browser.byId("test:route")).selectByVisibleText("mock");
    browser.byId("test:send").click();
    browser.waitFor(d -> browser.byId("out-status").getText().startsWith("failed"));
    String error = browser.byId("out-error").getText();
    assertTrue(error.contains("Incorrect API key provided"), error);
    assertTrue(error.contains("invalid_api_key"), "the upstream's body, verbatim: " + error);
    assertFalse(error.contains(PROVIDER_KEY), error);
    assertEquals("failed 401", browser.byId("out-status").getText());
    console.assertReadableInBothThemes("test, with an upstream error");

    JsonObject last = console.adminRoute("mock").getJsonObject("lastTest");
    assertFalse(last.getBoolean("ok"), last::toString);
    assertEquals(401, last.getInt("status"));
    assertTrue(last.getString("message").startsWith("Incorrect API key provided: "), last::toString);
    assertFalse(last.toString().contains(PROVIDER_KEY), last::toString);
    console.open("console/routes.xhtml");
    assertTrue(browser.find("tr[data-route='mock']").getText().contains("failed 401"));
    assertTrue(browser.find("tr[data-route='mock'] .test-message").getAttribute("textContent")
        .startsWith("Incorrect API key provided: "), "the upstream's own message, kept with the result");
    assertFalse(browser.driver().getPageSource().contains(PROVIDER_KEY));
  }

  @Test
  void routesAreReorderedDisabledAndDeletedAfterConfirmation() {
    console.open("console/routes.xhtml");
    List<String> before = console.routeOrder();
    int at = before.indexOf("imported");
    assertTrue(at > 0, before::toString);
    List<String> movedUp = new ArrayList<>(before);
    Collections.swap(movedUp, at, at - 1);
    browser.find("tr[data-route='imported'] input[value='↑']").click();
    browser.waitFor(d -> console.routeOrder().equals(movedUp));

    browser.find("tr[data-route='imported'] input[value='Disable']").click();
    browser.waitFor(d -> console.messages().contains("Route imported disabled."));
    assertTrue(browser.find("tr[data-route='imported']").getText().contains("disabled"));

    browser.find("tr[data-route='imported'] input[value='Delete']").click();
    // Each click loads the page again: wait for the answer, not the page it replaces.
    browser.waitFor(d -> browser.find("tr[data-route='imported']").getText().contains("Delete imported?"));   // asks first
    browser.find("tr[data-route='imported'] input[value='Cancel']").click();
    browser.waitFor(d -> !browser.findAll("tr[data-route='imported'] input[value='Delete']").isEmpty());
    assertEquals(movedUp, console.routeOrder(), "cancel keeps it");
    browser.find("tr[data-route='imported'] input[value='Delete']").click();
    browser.find("tr[data-route='imported'] .confirm-delete").click();
    browser.waitFor(d -> console.messages().contains("Route imported deleted."));
    List<String> left = movedUp.stream().filter(n -> !n.equals("imported")).toList();
    browser.waitFor(d -> console.routeOrder().equals(left));
  }
}
