package org.airouter.admin.console;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.airouter.testing.AdminClient;
import org.airouter.testing.Browser;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.ContrastCheck;
import org.airouter.testing.ConsoleForms;
import org.airouter.testing.Deployments;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.PathSpellings;
import org.airouter.testing.RawHttp;
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
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's captures page in a real browser: an admin switches capture on for a route, a request through /v1 with
 * a secret in its body shows up in the list and, opened, redacted, escaped and pretty-printed; a body over the cap
 * says so; filters, deleting, switching off (nothing more is captured); operators and viewers are refused the page
 * on every spelling of its path and do not see it in their navigation.
 */
@ExtendWith(ArquillianExtension.class)
class CapturesConsoleIT {
  static final String PASSWORD = "captures-console-password";
  static final String USER_PASSWORD = "captures-console-user-password";
  static final String KEY = "ar-test-key-captures-console-01";
  static final String PROBE_KEY = "ar-test-key-captures-console-02";
  static final String PROVIDER_KEY = "sk-provider-captures-console-0001";
  static final String SECRET = "sk-client-leaked-captures-1234567890";
  static final int CAP = 2048;
  static final Path SHOTS = Paths.get(System.getProperty("airouter.screenshots", "target/screenshots"));

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();
  @RegisterExtension static final Browser browser = Browser.perClass();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(CapturesConsoleIT.class).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .set(RouterSettings.CAPTURE_MAX_BYTES, CAP).config(ConfigFiles.config()
            .route(route("chat", "exact", "chat-model").at(upstream).apiKey(PROVIDER_KEY))
            .clientKey(clientKey("ci-bot", KEY))
            .clientKey(clientKey("probe-bot", PROBE_KEY))).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  ConsoleForms forms() { return ConsoleForms.at(base); }

  AdminClient admin() { return AdminClient.withPassword(base, PASSWORD); }

  Response chat(String key, String content) {
    return RouterClient.at(base).bearer(key).postJson("v1/chat/completions",
        "{\"model\":\"chat-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}");
  }

  void signInAsAdmin() {
    browser.open(base + "login.xhtml");
    browser.byId("login:password").sendKeys(PASSWORD);
    browser.byId("login:signin").click();
    browser.waitFor(d -> d.getCurrentUrl().contains("/console/"));
  }

  /** The list row of this request, reloading the page until the capture writer has stored it. */
  WebElement awaitRow(String requestId) {
    String css = "tr[data-request-id='" + requestId + "']";
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      browser.open(base + "console/captures.xhtml");
      List<WebElement> rows = browser.findAll(css);
      if (!rows.isEmpty()) return rows.get(0);
      sleep(200);
    }
    throw new AssertionError("no capture row for " + requestId);
  }

  @Test
  void anAdminSwitchesCaptureOnSeesTheRedactedBodiesAndSwitchesItOff() throws Exception {
    signInAsAdmin();
    assertFalse(browser.findAll("#nav-captures").isEmpty(), "an admin's navigation has the page");
    browser.byId("nav-captures").click();
    browser.waitFor(d -> d.getCurrentUrl().contains("/console/captures.xhtml"));
    assertTrue(browser.byId("no-captures").getText().contains("Nothing captured yet"));

    new Select(browser.byId("switch:kind")).selectByValue("route");
    browser.byId("switch:name").sendKeys("chat");
    WebElement minutes = browser.byId("switch:minutes");
    minutes.clear();
    minutes.sendKeys("30");
    browser.byId("switch:turnOn").click();
    browser.waitFor(d -> !d.findElements(By.cssSelector("tr[data-switch='route:chat']")).isEmpty());
    assertTrue(browser.find("#messages").getText().contains("Capture on for route chat for 30 min"),
        browser.find("#messages").getText());
    assertTrue(browser.find("tr[data-switch='route:chat']").getText().contains("min left"));
    assertTrue(admin().get("captures/switches").text().contains("\"chat\""), "the API sees the console's switch");

    upstream.replies(Reply.chat("Hello from upstream"));
    Response sent = chat(KEY, "my key is " + SECRET + " and <b>bold</b> & more");
    assertEquals(200, sent.status(), sent::toString);
    String requestId = sent.header("x-request-id");

    WebElement row = awaitRow(requestId);
    assertTrue(row.getText().contains("chat") && row.getText().contains("ci-bot") && row.getText().contains("200"),
        row.getText());
    assertFalse(browser.driver().getPageSource().contains(SECRET), "the list shows no body");

    row.findElement(By.linkText("Open")).click();
    browser.waitFor(d -> !d.findElements(By.id("request-body")).isEmpty());
    String request = browser.byId("request-body").getText();
    assertFalse(request.contains(SECRET) || request.contains("captures-1234567890"), request);
    assertTrue(request.contains("[redacted]"), request);
    assertTrue(request.contains("\"model\": \"chat-model\"") && request.contains("\n"), "pretty-printed: " + request);
    assertTrue(request.contains("<b>bold</b> & more"), "shown as text: " + request);
    assertTrue(browser.findAll("#request-body b").isEmpty(), "escaped, never markup");
    assertTrue(browser.byId("request-size").getText().contains("JSON, pretty-printed"));
    assertTrue(browser.byId("answer-body").getText().contains("Hello from upstream"));
    assertFalse(browser.driver().getPageSource().contains(PROVIDER_KEY));
    assertTrue(browser.byId("capture-status").getText().contains("200"));
    assertReadable("captures-detail");

    // Over the cap: the detail says how much was kept of how much.
    upstream.replies(Reply.chat("big"));
    Response big = chat(KEY, "x".repeat(3 * CAP));
    assertEquals(200, big.status());
    awaitRow(big.header("x-request-id")).findElement(By.linkText("Open")).click();
    browser.waitFor(d -> !d.findElements(By.id("request-size")).isEmpty());
    String size = browser.byId("request-size").getText();
    assertTrue(size.contains("cut") && size.contains("2,048-byte cap") && size.contains("the first 2,048 of"), size);

    // Filters: a status class and a route, as query parameters.
    browser.open(base + "console/captures.xhtml");
    browser.byId("filter-status").sendKeys("4xx");
    browser.byId("applyFilter").click();
    browser.waitFor(d -> d.getCurrentUrl().contains("status=4xx"));
    assertTrue(browser.byId("no-captures").getText().contains("No capture matches"));
    browser.open(base + "console/captures.xhtml?route=chat&status=2xx");
    assertEquals(2, browser.findAll("#capture-table tbody tr").size());
    assertTrue(browser.byId("capture-count").getText().contains("of 2 captures"));
    browser.open(base + "console/captures.xhtml?key=probe-bot");
    assertTrue(browser.findAll("#capture-table").isEmpty());

    // Phone: the list is a stack of cards, nothing scrolls sideways.
    browser.open(base + "console/captures.xhtml");
    browser.viewport(360, 740, true);
    browser.open(base + "console/captures.xhtml");
    assertFitsThePhone();
    browser.script("document.querySelector('#list').scrollIntoView()");   // the list, not the form
    shootPhone("captures");
    browser.viewport(1280, 800, false);
    browser.open(base + "console/captures.xhtml");
    browser.script("document.querySelector('#switches').scrollIntoView()");
    assertReadable("captures");

    // Switch off: a request on the route is no longer captured. The writer is FIFO, so once a later capture (a
    // switched key's) is stored, the unswitched one would have been stored before it.
    browser.find("tr[data-switch='route:chat'] input[value='Switch off']").click();
    browser.waitFor(d -> d.getPageSource().contains("Capture is off for every route and key"));
    upstream.replies(Reply.chat("not captured"), Reply.chat("probe"));
    Response after = chat(KEY, "after switching off");
    assertEquals(200, after.status());
    assertEquals(200, admin().put("captures/switches", "{\"kind\":\"key\",\"name\":\"probe-bot\"}").status());
    Response probe = chat(PROBE_KEY, "probe");
    awaitRow(probe.header("x-request-id"));
    assertTrue(browser.findAll("tr[data-request-id='" + after.header("x-request-id") + "']").isEmpty(),
        "switched off: not captured");
    assertEquals(3, admin().get("captures").json().getInt("total"));

    // Both switches are audited, with the console's caller.
    JsonObject on = admin().get("audit?action=captures.switches").json();
    assertTrue(on.getInt("total") >= 2, on::toString);
    assertTrue(on.toString().contains("chat") && on.toString().contains("probe-bot"), on::toString);
    JsonObject off = admin().get("audit?action=captures.delete").json();
    assertTrue(off.toString().contains("chat"), off::toString);

    // Deleting: one row, then all.
    String probeId = browser.find("tr[data-request-id='" + probe.header("x-request-id") + "']").getAttribute("data-capture");
    browser.find("tr[data-capture='" + probeId + "'] input[value='Delete']").click();
    browser.waitFor(d -> d.findElements(By.cssSelector("tr[data-capture='" + probeId + "']")).isEmpty());
    assertEquals(404, admin().get("captures/" + probeId).status());
    browser.byId("captures:askDeleteAll").click();
    browser.waitFor(d -> !d.findElements(By.id("captures:deleteAll")).isEmpty());
    browser.byId("captures:deleteAll").click();
    browser.waitFor(d -> !d.findElements(By.id("no-captures")).isEmpty());
    assertEquals(0, admin().get("captures").json().getInt("total"));
  }

  @Test
  void operatorsAndViewersAreRefusedThePageOnEverySpellingAndDoNotSeeIt() throws Exception {
    for (String role : List.of("operator", "viewer")) {
      String user = "captures-" + role;
      Response made = admin().post("users", "{\"name\":\"" + user + "\",\"password\":\"" + USER_PASSWORD
          + "\",\"role\":\"" + role + "\"}");
      assertEquals(201, made.status(), made::toString);
      String cookie = forms().signIn(user, USER_PASSWORD);
      assertNotNull(cookie, role + " signs in");

      HttpResponse<String> page = forms().get("console/captures.xhtml", cookie);
      assertEquals(403, page.statusCode(), role + ": " + page.body());
      assertTrue(page.body().contains("permission_denied"), page.body());
      HttpResponse<String> action = forms().post("console/captures.xhtml", cookie, Map.of("switch", "switch",
          "switch:kind", "route", "switch:name", "forged-" + role, "switch:minutes", "60", "switch:turnOn", "Switch on"));
      assertEquals(403, action.statusCode(), role + ": " + action.body());
      HttpResponse<String> routes = forms().get("console/routes.xhtml", cookie);
      assertEquals(200, routes.statusCode());
      assertFalse(routes.body().contains("nav-captures") || routes.body().contains("captures.xhtml"),
          role + "'s navigation has no captures page");

      List<Executable> spellings = new ArrayList<>();
      for (String target : PathSpellings.of("/console/captures.xhtml")) {
        spellings.add(() -> {
          try (RawHttp raw = RawHttp.connect(base)) {
            HttpWire.Head head = raw.send("GET", target, Headers.of("Cookie", cookie, "Connection", "close"), null)
                .readHead();
            String body = new String(raw.body(head).readNBytes(1_000_000), StandardCharsets.UTF_8);
            assertNotEquals(200, head.status(), () -> role + " " + target + ": " + body);
            assertFalse(body.contains("Switch capture on"), () -> role + " " + target);
          }
        });
      }
      assertAll(role, spellings);
    }
    assertFalse(admin().get("captures/switches").text().contains("forged-"), "the refused switches did nothing");
  }

  /** At 360 px: the page is no wider, and each capture row's key, status and buttons are on screen. */
  void assertFitsThePhone() {
    long width = ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
    assertTrue(width <= 360, "the page is " + width + " px wide at 360 px");
    assertFalse(browser.findAll("#capture-table tbody tr").isEmpty());
    Object off = browser.script("const out = [];"
        + "document.querySelectorAll('#capture-table tbody tr').forEach((tr, i) => ['td[data-label=Key]',"
        + "  'td[data-label=Status]', 'td.actions'].forEach(s => {"
        + "  const e = tr.querySelector(s); const r = e && e.getBoundingClientRect();"
        + "  if (!e || r.width === 0 || r.left < 0 || r.right > 360"
        + "      || [...e.querySelectorAll('.btn, .badge')].some(b => b.getBoundingClientRect().right > 360))"
        + "    out.push('row ' + (i + 1) + ' ' + s);"
        + "}));"
        + "const wrap = document.querySelector('#capture-table').closest('.table-wrap');"
        + "if (wrap.scrollWidth > wrap.clientWidth) out.push('the table scrolls: ' + wrap.scrollWidth + ' > '"
        + "  + wrap.clientWidth + ', past its edge: ' + [...wrap.querySelectorAll('*')].filter(e =>"
        + "  e.getBoundingClientRect().right > wrap.getBoundingClientRect().right + 1).slice(0, 6).map(e => e.tagName"
        + "  + '.' + e.className + '(' + Math.round(e.getBoundingClientRect().right) + ')').join(' '));"
        + "return out.join('; ');");
    assertEquals("", off);
    assertEquals("block", browser.script("return getComputedStyle(document.querySelector('#capture-table td')).display"),
        "a card per row under 720 px");
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

  void shootPhone(String name) {
    for (String scheme : List.of("light", "dark")) {
      browser.colorScheme(scheme);
      browser.screenshot(SHOTS.resolve(name + "-phone-" + scheme + ".png"));
    }
    browser.colorScheme("light");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
