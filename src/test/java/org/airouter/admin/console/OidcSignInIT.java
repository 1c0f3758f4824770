package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;
import org.airouter.testing.AdminClient;
import org.airouter.testing.Browser;
import org.airouter.testing.Deployments;
import org.airouter.testing.IdentityProvider;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Reply;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Console single sign-on in a real browser against a real OpenID Connect provider (mock-oauth2-server, started here):
 * group-to-role mapping, a viewer who can change nothing, a user without a mapped group, a forged answer, logout
 * at both ends, and members: their team from the team claim (or from their user), their keys owned by their name.
 * The password form stays beside the button (the default).
 */
@ExtendWith(ArquillianExtension.class)
class OidcSignInIT {
  static final String PASSWORD = "oidc-console-password";
  static IdentityProvider idp;
  @RegisterExtension static final Browser browser = Browser.perClass();

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    idp = IdentityProvider.start();
    String config = """
        {"routes": [{"name": "gpt", "match": "glob", "pattern": "gpt-*", "baseUrl": "%s", "apiKey": "sk-up"}],
         "teams": [{"name": "research", "limits": {"rpm": 100}, "budget": {"usd": 5, "period": "month"}},
                   {"name": "ops", "limits": {"rpm": 50}}]}
        """.formatted(upstream.baseUrl());
    RouterSettings.fresh(OidcSignInIT.class).configJson(config).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .set("airouter.oidc.issuer", idp.issuer())
        .set("airouter.oidc.client-id", IdentityProvider.CLIENT_ID)
        .set("airouter.oidc.client-secret", IdentityProvider.CLIENT_SECRET)
        .set("airouter.oidc.role-map", "ai-admins=admin,ai-ops=operator,ai-view=viewer,ai-users=member")
        .set("airouter.oidc.team-claim", "team")
        .set("airouter.oidc.provider-name", "Test IdP")
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @AfterAll static void stop() {
    if (idp != null) idp.close();
  }

  /** Each test starts signed out: the session cookie is the router's (127.0.0.1) only. */
  @BeforeEach void signedOut() {
    browser.open(base + "login.xhtml");
    browser.driver().manage().deleteAllCookies();
    browser.open(base + "login.xhtml");
  }

  AdminClient admin() { return AdminClient.withPassword(base, PASSWORD); }

  /** Signs in at the provider as {@code name} with {@code groups}; where the browser lands. */
  String signInAs(String name, List<String> groups) { return signInAs(name, groups, Map.of()); }

  /** The same, with further claims in the ID token. */
  String signInAs(String name, List<String> groups, Map<String, Object> claims) {
    idp.nextUser(name, groups, claims);
    browser.byId("sso").click();
    // the provider's answer comes to /sso/callback, which signs in and moves on, or stays to say why it refused
    browser.waitFor(d -> d.getCurrentUrl().startsWith(base.toString())
        && (!d.getCurrentUrl().contains("/sso/") || !browser.findAll("#sso-problem").isEmpty()));
    return browser.driver().getCurrentUrl();
  }

  @Test
  void anAdminGroupSignsInAndTheConsoleWorks() {
    assertEquals("Sign in with Test IdP", browser.byId("sso").getText());
    assertFalse(browser.findAll("input[id='login:password']").isEmpty(), "the password form stays by default");

    String landed = signInAs("ada", List.of("staff", "ai-admins"));
    assertTrue(landed.endsWith("/console/routes.xhtml"), landed);
    assertEquals("sso:ada · admin", browser.byId("signed-in").getText());
    assertFalse(browser.findAll("tr[data-route='gpt']").isEmpty());

    browser.open(base + "console/keys.xhtml");
    browser.byId("create:name").sendKeys("made-by-sso-admin");
    browser.byId("create:createKey").click();
    browser.waitFor(d -> d.getPageSource().contains("made-by-sso-admin"));
    assertTrue(admin().get("client-keys").text().contains("made-by-sso-admin"));

    JsonObject signIn = lastEvent("signin", "sso:ada");
    assertEquals("oidc", signIn.getJsonObject("detail").getString("method"));
    assertEquals("admin", signIn.getJsonObject("detail").getString("role"));
    assertEquals("ada", signIn.getJsonObject("detail").getString("subject"));
    assertEquals(idp.issuer(), signIn.getJsonObject("detail").getString("issuer"));

    RecordedRequest authorize = idp.requests().stream()
        .filter(r -> r.getRequestUrl().encodedPath().endsWith("/authorize")).reduce((a, b) -> b).orElseThrow();
    HttpUrl url = authorize.getRequestUrl();
    assertEquals("S256", url.queryParameter("code_challenge_method"));
    assertNotNull(url.queryParameter("code_challenge"));
    assertNotNull(url.queryParameter("nonce"));
    assertNotNull(url.queryParameter("state"));
    assertEquals(base + "sso/callback", url.queryParameter("redirect_uri"));
    assertEquals("openid profile email", url.queryParameter("scope"));
    RecordedRequest token = idp.requests().stream()
        .filter(r -> r.getRequestUrl().encodedPath().endsWith("/token")).reduce((a, b) -> b).orElseThrow();
    assertTrue(token.getHeader("Authorization").startsWith("Basic "), "client_secret_basic");
    assertTrue(token.getBody().readUtf8().contains("code_verifier="));
  }

  @Test
  void aViewerSeesRoutesButEveryChangeIsRefused() {
    String landed = signInAs("vic", List.of("ai-view"));
    assertTrue(landed.endsWith("/console/routes.xhtml"), landed);
    assertEquals("sso:vic · viewer", browser.byId("signed-in").getText());
    assertFalse(browser.findAll("tr[data-route='gpt']").isEmpty(), "a viewer reads the routes");

    browser.open(base + "console/keys.xhtml");
    assertTrue(browser.findAll("form[id='create']").isEmpty(), "no create form for a viewer");
    // What the page does not offer is refused by the server too: the same post the form would send.
    Object status = ((ChromeDriver) browser.driver()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('keys.xhtml', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
          body: 'create=create&create%3Aname=made-by-viewer&create%3AcreateKey=Create+key'})
          .then(r => done(r.status), e => done(String(e)));""");
    assertEquals(403L, status);
    browser.open(base + "console/route.xhtml");
    Object save = ((ChromeDriver) browser.driver()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('route.xhtml', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
          body: 'route=route&route%3Aname=viewer-route'}).then(r => done(r.status), e => done(String(e)));""");
    assertEquals(403L, save);
    assertFalse(admin().get("client-keys").text().contains("made-by-viewer"));
    assertFalse(admin().get("routes").text().contains("viewer-route"));
  }

  @Test
  void aUserWithoutAMappedGroupIsRefused() {
    String landed = signInAs("eve", List.of("staff", "AI-ADMINS"));
    assertTrue(landed.contains("/sso/callback?"), landed);
    String problem = browser.byId("sso-problem").getText();
    assertTrue(problem.contains("none of your 'groups' values has a role"), problem);
    browser.open(base + "console/routes.xhtml");
    assertTrue(browser.driver().getCurrentUrl().endsWith("/login.xhtml"), "not signed in");
    JsonObject failed = lastEvent("signin.failed", "sso:eve");
    assertTrue(failed.getJsonObject("detail").getString("reason").contains("no mapped role"), failed.toString());
  }

  @Test
  void aForgedOrFailedAnswerIsRefused() {
    // A sign-in started in this browser (its state kept in the session), answered with another state.
    // The sign-in is started from the page but not followed to the provider: the session keeps its state, and no
    // queued user is used up at the token endpoint.
    Object started = ((ChromeDriver) browser.driver()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('sso/start', {redirect: 'manual'}).then(r => done(r.type), e => done(String(e)));""");
    assertEquals("opaqueredirect", started);
    browser.open(base + "sso/callback?code=forged-code&state=forged-state");
    String problem = browser.byId("sso-problem").getText();
    assertTrue(problem.contains("does not belong to this sign-in"), problem);
    browser.open(base + "console/routes.xhtml");
    assertTrue(browser.driver().getCurrentUrl().endsWith("/login.xhtml"), "not signed in");
    assertTrue(lastEvent("signin.failed", "sso").getJsonObject("detail").getString("reason")
        .contains("state does not match"));

    browser.open(base + "sso/callback?error=access_denied&error_description=User+cancelled&state=x");
    problem = browser.byId("sso-problem").getText();
    assertTrue(problem.contains("did not sign you in (access_denied: User cancelled)"), problem);
  }

  @Test
  void signingOutEndsTheSessionHereAndAtTheProvider() {
    signInAs("sam", List.of("ai-ops"));
    assertEquals("sso:sam · operator", browser.byId("signed-in").getText());
    browser.byId("logout:signout").click();
    browser.waitFor(d -> d.getCurrentUrl().endsWith("/login.xhtml"));
    RecordedRequest endSession = idp.requests().stream()
        .filter(r -> r.getRequestUrl().encodedPath().endsWith("/endsession")).reduce((a, b) -> b).orElseThrow();
    assertNotNull(endSession.getRequestUrl().queryParameter("id_token_hint"));
    assertEquals(base + "login.xhtml", endSession.getRequestUrl().queryParameter("post_logout_redirect_uri"));
    browser.open(base + "console/routes.xhtml");
    assertTrue(browser.driver().getCurrentUrl().endsWith("/login.xhtml"), "signed out here");
    assertEquals(Boolean.TRUE.toString(), String.valueOf(lastEvent("signout", "sso:sam").getJsonObject("detail")
        .getBoolean("provider")));
  }

  @Test
  void aMemberFromTheTeamClaimIssuesAKeyInTheTeamThatWorks() {
    String landed = signInAs("tess", List.of("staff", "ai-users"), Map.of("team", List.of("research", "other")));
    assertTrue(landed.endsWith("/console/my-keys.xhtml"), landed);
    assertEquals("sso:tess · member", browser.byId("signed-in").getText());
    assertTrue(browser.byId("my-team").getText().contains("research"), browser.byId("my-team").getText());

    browser.byId("create:name").sendKeys("tess-laptop");
    browser.byId("create:rpm").sendKeys("500");
    browser.byId("create:createKey").click();
    browser.waitFor(d -> d.getPageSource().contains("above the team"));
    assertTrue(browser.byId("messages").getText().contains("limits.rpm: 500 is above the team's 100"),
        "the claim's team's limits apply: " + browser.byId("messages").getText());
    WebElement rpm = browser.byId("create:rpm");
    rpm.clear();
    rpm.sendKeys("20");
    browser.byId("create:createKey").click();
    String key = browser.waitFor(d -> d.findElements(By.id("issued-key")).isEmpty() ? null
        : d.findElement(By.id("issued-key")).getText());
    assertTrue(key.startsWith("ar-"), key);

    JsonObject stored = Json.createReader(new StringReader(admin().get("client-keys").text())).readArray()
        .getValuesAs(JsonObject.class).stream().filter(k -> k.getString("name").equals("tess-laptop")).findFirst()
        .orElseThrow();
    assertEquals("tess", stored.getString("owner"), "the owner is the user's name, as after a password sign-in");
    assertEquals("research", stored.getString("team"));
    upstream.replies(Reply.chat("hello"));
    Response chat = RouterClient.at(base).bearer(key).postJson("v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, chat.status(), chat::toString);

    JsonObject detail = lastEvent("signin", "sso:tess").getJsonObject("detail");
    assertEquals("member", detail.getString("role"));
    assertEquals("research", detail.getString("team"));
    assertEquals("research", detail.getString("teamClaim"));
  }

  @Test
  void aMemberWithoutATeamClaimIsInNoTeamUnlessTheirUserNamesOne() {
    String landed = signInAs("noah", List.of("ai-users"));
    assertTrue(landed.endsWith("/console/my-keys.xhtml"), landed);
    assertTrue(browser.byId("my-team").getText().contains("You are in no team"), browser.byId("my-team").getText());
    assertTrue(browser.findAll("form[id='create']").isEmpty(), "nothing to issue without a team");
    assertFalse(lastEvent("signin", "sso:noah").getJsonObject("detail").containsKey("team"));

    // A single-sign-on-only user of the same name, put in a team by an admin: that team wins over the claim's.
    Response created = admin().post("users", "{\"name\":\"olga\",\"role\":\"member\",\"team\":\"ops\"}");
    assertEquals(201, created.status(), created::toString);
    browser.driver().manage().deleteAllCookies();
    browser.open(base + "login.xhtml");
    signInAs("olga", List.of("ai-users"), Map.of("team", "research"));
    assertTrue(browser.byId("my-team").getText().contains("ops"), browser.byId("my-team").getText());
    JsonObject detail = lastEvent("signin", "sso:olga").getJsonObject("detail");
    assertEquals("ops", detail.getString("team"));
    assertEquals("research", detail.getString("teamClaim"));
  }

  @Test
  void aUserDisabledHereIsRefusedThroughSingleSignOnToo() {
    JsonObject dora = admin().post("users", "{\"name\":\"dora\",\"role\":\"member\",\"team\":\"ops\"}")
        .json();
    Response disabled = admin().put("users/" + dora.getJsonNumber("id").longValue(), "{\"role\":\"member\","
        + "\"team\":\"ops\",\"disabled\":true,\"version\":" + dora.getInt("version") + "}");
    assertEquals(200, disabled.status(), disabled::toString);
    String landed = signInAs("dora", List.of("ai-users"), Map.of("team", "research"));
    assertTrue(landed.contains("/sso/callback?"), landed);
    assertTrue(browser.byId("sso-problem").getText().contains("disabled"), browser.byId("sso-problem").getText());
    browser.open(base + "console/my-keys.xhtml");
    assertTrue(browser.driver().getCurrentUrl().endsWith("/login.xhtml"), "not signed in");
    assertEquals("user disabled", lastEvent("signin.failed", "sso:dora").getJsonObject("detail").getString("reason"));
  }

  JsonObject lastEvent(String action, String actor) {
    JsonObject page = admin().get("audit?action=" + action + "&actor=" + actor + "&limit=1").json();
    assertEquals(1, page.getJsonArray("events").size(), action + " by " + actor + ": " + page);
    return page.getJsonArray("events").getJsonObject(0);
  }
}
