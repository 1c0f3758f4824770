package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.URL;
import java.time.Duration;
import org.airouter.testing.Browser;
import org.airouter.testing.Console;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
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
import org.openqa.selenium.By;

/**
 * The keys page in headless Chromium: a new key's field error, the key shown once, and the key working on /v1 through
 * the OpenAI SDK (the route it calls comes from the config file). Saves keys-*.png.
 */
@ExtendWith(ArquillianExtension.class)
class KeysBrowserIT {
  static final String PASSWORD = "keys-password-for-tests";
  static final String PROVIDER_KEY = "sk-browser-provider-key-wxyz";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  @RegisterExtension static final Browser browser = Browser.perClass();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(KeysBrowserIT.class)
        .configJson("""
            {"routes": [{"name": "mock", "match": "exact", "pattern": "mock-model", "baseUrl": "%s", "apiKey": "%s"}],
             "clientKeys": []}
            """.formatted(upstream.baseUrl(), PROVIDER_KEY))
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
  void aNewKeyIsShownOnceAndWorksOnV1() {
    upstream.always(Reply.chat("Hello through the console's key"));
    console.open("console/keys.xhtml");
    browser.byId("create:name").sendKeys("browser-key");
    browser.byId("create:allowedEndpoints").sendKeys("chat, filez");
    browser.byId("create:createKey").click();
    String error = browser.find("#create\\:allowedEndpoints ~ .field-error").getText();
    assertTrue(error.startsWith("'filez' is not an endpoint name; known: chat, "), error);
    browser.byId("create:allowedEndpoints").clear();
    browser.byId("create:allowedEndpoints").sendKeys("chat");   // all this key needs below
    browser.byId("create:createKey").click();
    browser.waitFor(d -> !d.findElements(By.id("issued-key")).isEmpty());
    String issuedKey = browser.byId("issued-key").getText().trim();
    assertTrue(issuedKey.startsWith("ar-") && issuedKey.length() > 20, issuedKey);
    String row = browser.find("tr[data-key='browser-key']").getText();
    assertTrue(row.contains(issuedKey.substring(0, 8)), row);
    assertTrue(row.contains("all chat active"), "models: all, endpoints: chat; " + row);
    console.shoot("keys");
    console.assertReadableInBothThemes("keys, with the new key shown");

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
}
