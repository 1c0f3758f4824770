package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.airouter.testing.AdminClient;
import org.airouter.testing.Browser;
import org.airouter.testing.ContrastCheck;
import org.airouter.testing.Deployments;
import org.airouter.testing.Response;
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
import org.openqa.selenium.support.ui.Select;

/**
 * The member's "My keys" page and the admin's Users and Audit pages, in a real browser against the deployed WAR: what
 * each role sees, the shown-once key, the team's limits, revoking every key of a user, the audit filters, paging and
 * export, and the phone layout.
 */
@ExtendWith(ArquillianExtension.class)
class SelfServiceConsoleIT {
  static final String PASSWORD = "self-service-console-password";
  static final String USER_PASSWORD = "member-console-password";
  static final Path SHOTS = Paths.get(System.getProperty("airouter.screenshots", "target/screenshots"));

  @RegisterExtension static final Browser browser = Browser.perClass();

  @Deployment(testable = false)
  static WebArchive deployment() {
    String config = """
        {"teams": [{"name": "research", "limits": {"rpm": 100}, "budget": {"usd": 20, "period": "month"}}]}
        """;
    RouterSettings.fresh(SelfServiceConsoleIT.class).configJson(config).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  AdminClient admin() { return AdminClient.withPassword(base, PASSWORD); }

  void signIn(String user, String password) {
    browser.driver().manage().deleteAllCookies();
    browser.open(base + "login.xhtml");
    browser.byId("login:user").sendKeys(user);
    browser.byId("login:password").sendKeys(password);
    browser.byId("login:signin").click();
    browser.waitFor(d -> d.getCurrentUrl().contains("/console/"));
  }

  List<String> navigation() {
    return browser.findAll("nav.nav a").stream().map(WebElement::getText).toList();
  }

  @Test void aMemberIssuesAndRevokesTheirOwnKeysAndSeesNothingElse() {
    browser.viewport(1280, 800, false);
    Response created = admin().post("users", "{\"name\":\"mia\",\"password\":\"" + USER_PASSWORD
        + "\",\"role\":\"member\",\"team\":\"research\"}");
    assertEquals(201, created.status(), created::toString);
    signIn("mia", USER_PASSWORD);
    assertTrue(browser.driver().getCurrentUrl().endsWith("/console/my-keys.xhtml"), browser.driver().getCurrentUrl());
    assertEquals(List.of("My keys"), navigation(), "a member's navigation shows only their page");
    assertTrue(browser.byId("my-team").getText().contains("research"));

    browser.byId("create:name").sendKeys("mia-notebook");
    browser.byId("create:rpm").sendKeys("1000");
    browser.byId("create:createKey").click();
    browser.waitFor(d -> d.getPageSource().contains("above the team"));
    assertTrue(browser.byId("messages").getText().contains("limits.rpm: 1000 is above the team's 100"),
        browser.byId("messages").getText());

    WebElement rpm = browser.byId("create:rpm");
    rpm.clear();
    rpm.sendKeys("10");
    browser.byId("create:createKey").click();
    String key = browser.waitFor(d -> d.findElements(By.id("issued-key")).isEmpty() ? null
        : d.findElement(By.id("issued-key")).getText());
    assertTrue(key.startsWith("ar-"), key);
    WebElement row = browser.find("tr[data-key='mia-notebook']");
    assertTrue(row.getText().contains("10 rpm") && row.getText().contains("active"), row.getText());
    assertReadable("my-keys");

    browser.open(base + "console/my-keys.xhtml");
    assertTrue(browser.findAll("#issued-key").isEmpty(), "shown once: a reload does not show it again");
    assertFalse(browser.driver().getPageSource().contains(key));

    phoneLayout("my-key-table", "my-keys");
    browser.viewport(1280, 800, false);

    browser.find("tr[data-key='mia-notebook'] input[value='Revoke']").click();
    browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-key='mia-notebook']")).getText().contains("revoked"));
    assertTrue(browser.byId("messages").getText().contains("revoked"));

    for (String page : List.of("routes", "keys", "usage", "users", "audit")) {
      browser.open(base + "console/" + page + ".xhtml");
      assertTrue(browser.driver().getPageSource().contains("permission_denied"), page + " is refused to a member");
    }
    browser.open(base + "console/");
    browser.waitFor(d -> d.getCurrentUrl().endsWith("/console/my-keys.xhtml"));
  }

  @Test void anAdminManagesUsersAndRevokesEveryKeyOfOneWhoLeaves() {
    browser.viewport(1280, 800, false);
    signIn("admin", PASSWORD);
    assertTrue(navigation().containsAll(List.of("Users", "Audit log")), navigation().toString());
    browser.open(base + "console/users.xhtml");
    browser.byId("create:name").sendKeys("uma");
    browser.byId("create:password").sendKeys(USER_PASSWORD);
    new Select(browser.byId("create:role")).selectByValue("member");
    browser.byId("create:team").sendKeys("research");
    browser.byId("create:addUser").click();
    WebElement uma = browser.waitFor(d -> d.findElements(By.cssSelector("tr[data-user='uma']")).isEmpty() ? null
        : d.findElement(By.cssSelector("tr[data-user='uma']")));
    assertTrue(uma.getText().contains("member") && uma.getText().contains("research"), uma.getText());

    for (String name : List.of("uma-1", "uma-2")) {
      Response issued = admin().post("client-keys", "{\"name\":\"" + name + "\",\"owner\":\"uma\",\"team\":\"research\"}");
      assertEquals(201, issued.status(), issued::toString);
    }
    browser.open(base + "console/keys.xhtml");
    assertTrue(browser.find("tr[data-key='uma-1']").getText().contains("uma"), "the keys list shows the owner");

    browser.open(base + "console/users.xhtml");
    assertTrue(browser.find("tr[data-user='uma'] td[data-label='Active keys']").getText().contains("2"));
    browser.find("tr[data-user='uma'] input[value='Change']").click();
    new Select(browser.byId("edit:role")).selectByValue("viewer");
    browser.byId("edit:save").click();
    browser.waitFor(d -> d.findElement(By.id("messages")).getText().contains("uma is now viewer"));

    browser.find("tr[data-user='uma'] input[value='Disable']").click();
    WebElement offer = browser.waitFor(d -> d.findElements(By.id("offer:revokeOffered")).isEmpty() ? null
        : d.findElement(By.id("offer:revokeOffered")));
    assertTrue(browser.find("tr[data-user='uma']").getText().contains("disabled"));
    assertEquals("Revoke all 2", offer.getAttribute("value"), "disabling offers to revoke the user's keys");
    assertReadable("users");
    offer.click();
    browser.waitFor(d -> d.findElement(By.id("messages")).getText().contains("Revoked 2 keys of uma"));
    assertTrue(browser.find("tr[data-user='uma'] td[data-label='Active keys']").getText().contains("0"));
    assertEquals(401, AdminClient.withHeader(base, AdminClient.basic("uma", USER_PASSWORD)).get("me").status(),
        "a disabled user cannot sign in");
    String keys = admin().get("client-keys").text();
    assertFalse(keys.contains("\"enabled\":true"), "both keys revoked: " + keys);
    phoneLayout("user-table", "users");
  }

  @Test void theAuditPageFiltersPagesAndExports() {
    browser.viewport(1280, 800, false);
    for (int i = 0; i < 53; i++) {
      assertEquals(201, admin().post("teams", "{\"name\":\"audit-team-" + i + "\"}").status());
    }
    signIn("admin", PASSWORD);
    browser.open(base + "console/audit.xhtml");
    browser.byId("action").sendKeys("teams.create");
    browser.byId("filter").click();
    browser.waitFor(d -> d.getCurrentUrl().contains("action=teams.create"));
    assertEquals("53 events", browser.byId("audit-total").getText().replaceAll(",.*", ""));
    assertEquals(50, browser.findAll("#audit-table tbody tr").size(), "a page of 50");
    assertTrue(browser.findAll("#audit-table tbody tr").stream()
        .allMatch(r -> "teams.create".equals(r.getAttribute("data-action"))));
    assertTrue(browser.find("#audit-table tbody tr").getText().contains("admin"));
    browser.byId("next").click();
    browser.waitFor(d -> d.getCurrentUrl().contains("page=1"));
    assertEquals(3, browser.findAll("#audit-table tbody tr").size(), "the older 3 on the second page");
    assertTrue(browser.byId("pager").getText().contains("Page 2 of 2"));
    assertReadable("audit");
    phoneLayout("audit-table", "audit");
    browser.viewport(1280, 800, false);

    browser.byId("export").click();
    String lines = new String(browser.awaitDownload(".jsonl"), StandardCharsets.UTF_8);
    assertEquals(53, lines.lines().count(), "the export holds the same selection");
    assertTrue(lines.lines().allMatch(l -> l.contains("\"action\":\"teams.create\"")));

    browser.open(base + "console/audit.xhtml?actor=nobody-at-all");
    assertTrue(browser.driver().getPageSource().contains("No events match."));
  }

  /** Under 720 px the table is one card per row, and nothing scrolls sideways. */
  void phoneLayout(String table, String shot) {
    browser.viewport(360, 780, true);
    browser.open(browser.driver().getCurrentUrl());
    assertEquals("block", browser.script("return getComputedStyle(document.querySelector('#" + table
        + " tbody tr')).display"));
    assertEquals(Boolean.TRUE, browser.script("return document.documentElement.scrollWidth <= window.innerWidth"),
        "nothing wider than the phone");
    browser.screenshot(SHOTS.resolve(shot + "-phone-light.png"));
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
