package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import org.airouter.testing.AdminClient;
import org.airouter.testing.Browser;
import org.airouter.testing.ContrastCheck;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Poll;
import org.airouter.testing.Reply;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The console's limits page and the usage page's cost, in a real browser against the deployed WAR. */
@ExtendWith(ArquillianExtension.class)
class LimitsConsoleIT {
  static final String PASSWORD = "limits-console-password";
  static final String KEY = "ar-test-limits-console-01";
  static final Path SHOTS = Paths.get(System.getProperty("airouter.screenshots", "target/screenshots"));

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  @RegisterExtension static final Browser browser = Browser.perClass();

  @Deployment(testable = false)
  static WebArchive deployment() {
    String config = """
        {"routes": [{"name": "gpt", "match": "glob", "pattern": "gpt-*", "baseUrl": "%s", "apiKey": "sk-up"}],
         "clientKeys": [{"name": "alice", "key": "%s", "team": "research", "limits": {"rpm": 1},
                         "budget": {"usd": 0.001, "period": "month"}}],
         "teams": [{"name": "research", "limits": {"rpm": 100, "maxConcurrent": 4}}],
         "prices": [{"model": "gpt-4o", "inputPerMTok": 10, "outputPerMTok": 10}]}
        """.formatted(upstream.baseUrl(), KEY);
    RouterSettings.fresh(LimitsConsoleIT.class).configJson(config).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .set(RouterSettings.USAGE_FLUSH_MS, 200).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @Test
  void limitsSpendRefusalsAndPricesAreShownAndPricesAreEditable() throws Exception {
    upstream.replies(Reply.chat("paid"));   // 8 tokens at 10 USD per million: 0.00008 USD
    String chat = "{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertEquals(200, RouterClient.at(base).bearer(KEY).postJson("v1/chat/completions", chat).status());
    Response refused = RouterClient.at(base).bearer(KEY).postJson("v1/chat/completions", chat);
    assertEquals(429, refused.status());
    // The spend shown below is the usage records': wait for the flush (every 200 ms) to have written the paid call.
    AdminClient admin = AdminClient.withPassword(base, PASSWORD);
    Poll.until(Duration.ofSeconds(10), () -> admin.get("usage").json().getJsonObject("totals").getInt("requests"),
        n -> n >= 1);

    browser.open(base + "login.xhtml");
    browser.byId("login:password").sendKeys(PASSWORD);
    browser.byId("login:signin").click();
    browser.waitFor(d -> d.getCurrentUrl().contains("/console/"));

    browser.open(base + "console/limits.xhtml");
    WebElement alice = browser.find("tr[data-limit='key:alice']");
    assertTrue(alice.getText().contains("1 rpm"), alice.getText());
    assertTrue(alice.getText().contains("$0.0001 of $0.0010 this month"), alice.getText());
    assertEquals("8", alice.findElement(By.cssSelector("meter")).getAttribute("value"),
        "0.00008 of 0.001 USD is 8 percent");
    WebElement team = browser.find("tr[data-limit='team:research']");
    assertTrue(team.getText().contains("100 rpm · 4 at once") && team.getText().contains("no budget"), team.getText());
    String refusals = browser.byId("refusals").getText();
    assertTrue(refusals.contains("alice") && refusals.contains("rpm") && refusals.contains("research"), refusals);
    assertTrue(browser.find("tr[data-price='gpt-4o']").getText().contains("any"));

    browser.byId("price:model").sendKeys("o1*");
    browser.byId("price:inputPerMTok").sendKeys("abc");
    browser.byId("price:outputPerMTok").sendKeys("60");
    browser.byId("price:addPrice").click();
    browser.waitFor(d -> d.getPageSource().contains("A number of USD per million tokens"));
    WebElement input = browser.byId("price:inputPerMTok");
    input.clear();
    input.sendKeys("15");
    browser.byId("price:cachedInputPerMTok").sendKeys("7.5");
    browser.byId("price:addPrice").click();
    browser.waitFor(d -> !d.findElements(By.cssSelector("tr[data-price='o1*']")).isEmpty());
    assertTrue(browser.find("tr[data-price='o1*']").getText().contains("7.5"));
    assertReadable("limits");

    browser.open(base + "console/usage.xhtml");
    assertEquals("$0.0001", browser.byId("stat-cost").getText());
    assertTrue(browser.find("main").getText().contains("By team"));
    assertReadable("usage-cost");
  }

  void assertReadable(String name) {
    for (String scheme : List.of("light", "dark")) {
      browser.colorScheme(scheme);
      List<String> problems = ContrastCheck.problems(browser);
      assertTrue(problems.isEmpty(), name + " in " + scheme + ": " + problems);
      browser.screenshot(SHOTS.resolve(name + "-" + scheme + ".png"));
    }
    browser.colorScheme("light");
  }
}
