package org.airouter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * An operator at the console of one deployed router: the shared browser, the router's base URL and the admin
 * password. What the console's browser ITs have in common: signing in, the messages line, screenshots (to
 * {@link #SHOTS}, the same file names whichever class takes them), contrast and console checks, and the admin API's
 * view of a route to compare a page against.
 */
public final class Console {
  /** target/screenshots unless told otherwise (pom.xml: -Dairouter.screenshots=docs/screenshots refreshes the docs'). */
  public static final Path SHOTS = Paths.get(System.getProperty("airouter.screenshots", "target/screenshots"));

  private final Browser browser;
  private final URL base;
  private final String password;

  public Console(Browser browser, URL base, String password) {
    this.browser = browser;
    this.base = base;
    this.password = password;
  }

  public String url(String path) { return base + path; }

  public void open(String path) { browser.open(url(path)); }

  /**
   * Signs in as admin unless this browser already is, and waits for the console: each test starts from here, so no
   * test depends on another having signed in.
   */
  public void signIn() {
    open("login.xhtml");
    if (browser.findAll("#login\\:password").isEmpty()) return;   // the session is already signed in
    submitSignIn(password);
    browser.waitFor(d -> d.getCurrentUrl().contains("/console/"));
  }

  /** Submits the sign-in form and waits for the answer page: else the next attempt may type into the old one. */
  public void submitSignIn(String typed) {
    WebElement field = browser.byId("login:password");
    field.clear();
    field.sendKeys(typed);
    browser.byId("login:signin").click();
    browser.awaitReplaced(field);
  }

  /** The page's messages line (what an action reports). */
  public String messages() { return browser.byId("messages").getText(); }

  /** The current page at its viewport in light and dark, as NAME-light.png and NAME-dark.png. */
  public void shoot(String name) {
    for (String scheme : List.of("light", "dark")) {
      browser.colorScheme(scheme);
      browser.screenshot(SHOTS.resolve(name + "-" + scheme + ".png"));
    }
    browser.colorScheme("light");
  }

  /** As {@link #shoot}, for a phone viewport: NAME-phone-light.png and NAME-phone-dark.png. */
  public void shootPhone(String name) { shoot(name + "-phone"); }

  /** WCAG AA contrast of every visible text on the current page, under a light and a dark system theme. */
  public void assertReadableInBothThemes(String what) {
    List<String> problems = new ArrayList<>();
    for (String scheme : List.of("light", "dark")) {
      browser.colorScheme(scheme);
      ContrastCheck.problems(browser).forEach(p -> problems.add(scheme + ": " + p));
    }
    browser.colorScheme("light");
    assertTrue(problems.isEmpty(), what + ": text below WCAG AA contrast:\n" + String.join("\n", problems));
  }

  /** How long the current page took, from the browser's Navigation Timing (server = request sent to first byte). */
  public String navigationTiming() {
    return String.valueOf(browser.script("const n = performance.getEntriesByType('navigation')[0];"
        + "const res = performance.getEntriesByType('resource');"
        + "return 'redirect ' + Math.round(n.redirectEnd - n.redirectStart) + ' ms, server ' + Math.round(n.responseStart - n.requestStart)"
        + " + ' ms, loaded ' + Math.round(n.loadEventEnd || performance.now()) + ' ms, ' + res.length + ' resources ('"
        + " + res.filter(r => r.transferSize === 0).length + ' from cache)'"));
  }

  /** Nothing in the browser console at error level: no failed resource (an icon, say), no script error. */
  public void noConsoleErrors() {
    List<String> errors = browser.consoleEntries().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
    assertTrue(errors.isEmpty(), "browser console errors: " + errors);
  }

  public void noCspViolations() {
    List<String> csp = browser.consoleMessages().stream().filter(m -> m.contains("Content Security Policy")).toList();
    assertTrue(csp.isEmpty(), "CSP violations: " + csp);
  }

  /** The route names in the order the routes table shows them. */
  public List<String> routeOrder() {
    return browser.findAll("#route-table tbody tr").stream().map(r -> r.getAttribute("data-route")).toList();
  }

  /** A route as the admin API shows it, by name. */
  public JsonObject adminRoute(String name) {
    Response list = AdminClient.withPassword(base, password).get("routes");
    assertEquals(200, list.status(), list::toString);
    JsonObject route = byName(Json.createReader(new StringReader(list.text())).readArray()).get(name);
    assertTrue(route != null, "no route " + name + " in " + list.text());
    return route;
  }

  /** Target {@code index} of a route as the admin API shows it. */
  public JsonObject adminTarget(String route, int index) {
    return adminRoute(route).getJsonArray("targets").getJsonObject(index);
  }

  /** An exported route's first target. */
  public static JsonObject first(JsonObject route) { return route.getJsonArray("targets").getJsonObject(0); }

  public static Map<String, JsonObject> byName(JsonArray array) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    array.forEach(v -> out.put(v.asJsonObject().getString("name"), v.asJsonObject()));
    return out;
  }

  public static Map<String, String> strings(JsonObject object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.forEach((k, v) -> out.put(k, ((JsonString) v).getString()));
    return out;
  }

  public static JsonObject json(byte[] bytes) {
    return Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8))).readObject();
  }
}
