package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.airouter.testing.Browser;
import org.airouter.testing.Console;
import org.airouter.testing.ContrastCheck;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Poll;
import org.airouter.testing.Reply;
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
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Every console page with data on it, in headless Chromium: the usage charts for each range, each page on a 360-px
 * phone (and the keyboard's first stop), and WCAG AA contrast of every page in both themes. The routes and a client
 * key come from the config file; three /v1 calls give the usage page its numbers. Grouped in one class (one deploy)
 * because each test only looks. Saves usage-*.png and routes-, keys-, test-, usage-phone-*.png.
 */
@ExtendWith(ArquillianExtension.class)
class PagesBrowserIT {
  static final String PASSWORD = "pages-password-for-tests";
  static final String CLIENT_KEY = "ar-pages-browser-key-0001";
  /** The upstream's delay on each call, so the latency chart has a bar above zero. */
  static final Duration UPSTREAM_DELAY = Duration.ofMillis(150);

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  @RegisterExtension static final Browser browser = Browser.perClass();
  static boolean called;

  @Deployment(testable = false)
  static WebArchive deployment() {
    called = false;   // a rerun of a failed test deploys again, with no usage yet
    RouterSettings.fresh(PagesBrowserIT.class)
        .configJson("""
            {"routes": [
              {"name": "mock", "match": "exact", "pattern": "mock-model", "baseUrl": "%s",
               "apiKey": "sk-browser-provider-key-wxyz"},
              {"name": "azure", "match": "exact", "pattern": "gpt-4o", "provider": "azure", "baseUrl": "%s",
               "apiKey": "azure-browser-provider-key-6789", "apiVersion": "2025-01-01-preview",
               "deployments": {"gpt-4o": "console-deploy"}, "headers": {"X-Title": "console test"}}],
             "clientKeys": [{"name": "browser-key", "key": "%s", "allowedEndpoints": ["chat"]}]}
            """.formatted(upstream.baseUrl(), upstream.origin(), CLIENT_KEY))
        .set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .set(RouterSettings.USAGE_FLUSH_MS, 200)
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;
  Console console;

  /** Signs in; the first time, also three /v1 calls on both routes, until the usage page counts them. */
  @BeforeEach void signInWithUsage() {
    console = new Console(browser, base, PASSWORD);
    console.signIn();
    if (called) return;
    upstream.always(Reply.chat("Counted").after(UPSTREAM_DELAY));
    for (String model : List.of("mock-model", "gpt-4o", "gpt-4o")) {
      assertEquals(200, RouterClient.at(base).bearer(CLIENT_KEY).postJson("v1/chat/completions",
          "{\"model\":\"" + model + "\",\"messages\":[]}").status(), model);
    }
    called = true;
    long counted = Poll.until(Duration.ofSeconds(10), Duration.ofMillis(250), () -> {
      console.open("console/usage.xhtml");
      return Long.parseLong(browser.byId("stat-requests").getText().replace(",", ""));
    }, n -> n >= 3);
    assertTrue(counted >= 3, "the usage flush (200 ms) counted " + counted);
  }

  @Test
  void usageChartsRequestsTokensAndLatencyForEachRange() {
    for (String range : List.of("24h", "7d", "30d")) {
      console.open("console/usage.xhtml?range=" + range);
      assertEquals(range.replace("h", " h").replace("d", " d"), browser.find(".segmented a[aria-current='page']").getText());
      assertTrue(Long.parseLong(browser.byId("stat-requests").getText().replace(",", "")) >= 3, "the /v1 calls are counted");
      List<WebElement> charts = browser.findAll("svg.chart");
      assertEquals(3, charts.size(), range);
      String per = range.equals("24h") ? "hour" : "day";
      WebElement latency = browser.find("#latency-chart svg.chart");
      assertEquals("Average latency per " + per + ", time to first byte highlighted", latency.getAttribute("aria-label"));
      int slots = latency.findElements(By.cssSelector("g")).size();
      int days = range.equals("7d") ? 7 : 30;
      // The range ends with the current hour, so a day range also holds part of its first and last day.
      assertTrue(range.equals("24h") ? slots == 24 : slots == days || slots == days + 1, slots + " slots for " + range);
      List<WebElement> bars = latency.findElements(By.cssSelector("rect.bar"));
      assertTrue(bars.size() >= 1, "the calls of this hour have a latency bar");
      String tip = (String) browser.script("return arguments[0].parentNode.querySelector('title').textContent", bars.get(0));
      assertTrue(tip.matches(".*: \\d+ ms, \\d+ ms to first byte"), tip);
      assertTrue(Integer.parseInt(tip.replaceAll(".*: (\\d+) ms,.*", "$1")) > 0, "the calls took 150 ms: " + tip);
      assertTrue(latency.getAttribute("innerHTML").contains(" ms</text>"), "the axis is in milliseconds");
    }
    console.shoot("usage");
  }

  @Test
  void everyPageFitsA360PixelPhoneAndIsCapturedInBothThemes() {
    for (String page : List.of("routes", "route", "keys", "test", "usage", "transfer")) {
      browser.viewport(360, 740, true);
      console.open("console/" + page + ".xhtml");
      long width = ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
      assertTrue(width <= 360, () -> page + " is " + width + " px wide at 360 px; too wide: " + browser.script(
          "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361"
              + " && !e.closest('.table-wrap')).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ')"
              + " + ' / ' + [...document.querySelectorAll('.table-wrap, main, body, form')].map(e => e.tagName + '.' + e.className"
              + " + '=' + Math.round(e.getBoundingClientRect().width) + '/' + e.scrollWidth).join(', ') + ' vw=' + window.innerWidth"));
      if (page.equals("keys")) browser.script("document.querySelector('#key-table').scrollIntoView()");   // the list, not the form
      if (List.of("routes", "keys", "test", "usage").contains(page)) console.shootPhone(page);
      if (page.equals("routes")) rowsFitThePhone("#route-table");
      if (page.equals("keys")) rowsFitThePhone("#key-table");
      browser.viewport(1280, 800, false);
      console.open("console/" + page + ".xhtml");
      System.out.printf("PagesBrowserIT: %s: %s%n", page, console.navigationTiming());
      if (page.equals("usage")) console.shoot(page);
    }
    console.open("console/routes.xhtml");
    assertEquals("", browser.script("return [...document.querySelectorAll('#route-table a.strong, #route-table code')]"
        + ".filter(e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length > 1; })"
        + ".map(e => e.textContent).join(', ')"), "at 1280 px no name, pattern, base URL or key is broken over two lines");
    assertTrue(browser.script("return document.querySelector('link[rel=icon]').href").toString()
        .contains("favicon.svg"), "every page names its icon, so the browser never asks for /favicon.ico");
    console.noConsoleErrors();
    // Keyboard: the first Tab lands on the skip link, and focus is visible.
    console.open("console/routes.xhtml");
    new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
    WebElement focused = browser.driver().switchTo().activeElement();
    assertEquals("Skip to content", focused.getText());
    assertFalse("none".equals(focused.getCssValue("outline-style")), "focus is visible");
    console.noCspViolations();
  }

  @Test
  void everyPageMeetsWcagAaContrastInBothThemes() {
    // The check itself first: #888 on white (3.54:1) fails as body text and passes as large text (3:1 suffices).
    console.open("console/routes.xhtml");
    browser.script("for (const [id, size] of [['faint', '15px'], ['faint-large', '24px']]) {"
        + " const p = document.createElement('p'); p.id = id; p.textContent = 'Faint text';"
        + " p.style.color = '#888'; p.style.background = '#fff'; p.style.fontSize = size;"
        + " document.querySelector('main').append(p); }");
    List<String> found = ContrastCheck.problems(browser);
    assertEquals(1, found.size(), found::toString);
    assertTrue(found.get(0).startsWith("p#faint \"Faint text\": 3.54:1, needs 4.5:1"), found::toString);

    long azure = console.adminRoute("azure").getJsonNumber("id").longValue();
    for (String page : List.of("login.xhtml", "console/routes.xhtml", "console/route.xhtml",
        "console/route.xhtml?id=" + azure, "console/keys.xhtml", "console/test.xhtml", "console/usage.xhtml",
        "console/usage.xhtml?range=30d", "console/transfer.xhtml")) {
      console.open(page);
      console.assertReadableInBothThemes(page);
    }
  }

  /**
   * At 360 px each row of the table shows its key, status and actions on screen: the table is a stack of cards there,
   * nothing scrolls sideways, and no button or badge reaches past the right edge.
   */
  void rowsFitThePhone(String table) {
    assertTrue(browser.findAll(table + " tbody tr").size() > 0, table + " has rows to check");
    Object off = browser.script("const cells = ['td[data-label=Key]', 'td[data-label=Status]', 'td.actions'];"
        + "const out = [];"
        + "document.querySelectorAll(arguments[0] + ' tbody tr').forEach((tr, i) => cells.forEach(s => {"
        + "  const e = tr.querySelector(s); const r = e && e.getBoundingClientRect();"
        + "  if (!e || r.width === 0 || r.left < 0 || r.right > 360"
        + "      || [...e.querySelectorAll('.btn, .badge, code')].some(b => b.getBoundingClientRect().right > 360))"
        + "    out.push('row ' + (i + 1) + ' ' + s + (r ? ' at ' + Math.round(r.left) + '..' + Math.round(r.right) : ''));"
        + "}));"
        + "const wrap = document.querySelector(arguments[0]).closest('.table-wrap');"
        + "if (wrap.scrollWidth > wrap.clientWidth) out.push('the table scrolls: ' + wrap.scrollWidth + ' > ' + wrap.clientWidth"
        + "  + ', past its edge: ' + [...wrap.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right"
        + "  > wrap.getBoundingClientRect().right + 1).slice(0, 6).map(e => e.tagName + '.' + e.className + '('"
        + "  + Math.round(e.getBoundingClientRect().right) + ')').join(' '));"
        + "return out.join('; ');", table);
    assertEquals("", off, table + " at 360 px");
  }

}
