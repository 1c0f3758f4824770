package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.airouter.testing.AdminClient;
import org.airouter.testing.Browser;
import org.airouter.testing.Deployments;
import org.airouter.testing.IdentityProvider;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With airouter.oidc.password-sign-in=false the console offers and accepts single sign-on only. The provider here
 * has a sign-in page of its own, so the way back starts on the provider's site, as with a real one.
 */
@ExtendWith(ArquillianExtension.class)
class OidcOnlySignInIT {
  static final String PASSWORD = "oidc-only-console-password";
  static IdentityProvider idp;
  @RegisterExtension static final Browser browser = Browser.perClass();

  @Deployment(testable = false)
  static WebArchive deployment() {
    idp = IdentityProvider.startInteractive();
    RouterSettings.fresh(OidcOnlySignInIT.class).set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .set("airouter.oidc.issuer", idp.issuer())
        .set("airouter.oidc.client-id", IdentityProvider.CLIENT_ID)
        .set("airouter.oidc.client-secret", IdentityProvider.CLIENT_SECRET)
        .set("airouter.oidc.role-map", "ai-admins=admin")
        .set("airouter.oidc.password-sign-in", false)
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  @AfterAll static void stop() {
    if (idp != null) idp.close();
  }

  @Test
  void thePasswordFormIsGoneAndAPasswordPostIsRefused() throws Exception {
    browser.open(base + "login.xhtml");
    assertEquals("Sign in with localhost", browser.byId("sso").getText(), "the issuer's host names the button");
    assertTrue(browser.findAll("input[id='login:password']").isEmpty(), "no password form");

    // What the form would post, with the right admin password: nothing signs in (the form is not in the view, so
    // Faces runs no action of it), and the answer offers single sign-on only.
    String form = "login=login&login%3Auser=&login%3Apassword=" + PASSWORD
        + "&login%3Asignin=Sign+in&jakarta.faces.ViewState=stateless";
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "login.xhtml"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), "no redirect into the console");
    assertFalse(answer.body().contains("login:password"), answer.body());
    assertTrue(answer.body().contains("Sign in with localhost"), answer.body());
    String cookie = answer.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';'))).orElse("x=y");
    HttpResponse<String> console = http.send(HttpRequest.newBuilder(URI.create(base + "console/routes.xhtml"))
        .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(303, console.statusCode(), "not signed in");
    assertEquals(0, AdminClient.withPassword(base, PASSWORD).get("audit?action=signin&limit=1").json()
        .getJsonArray("events").size(), "nobody signed in");

    // A user the role map does not know: refused. The answer came from the provider's page, so the browser left the
    // SameSite=Strict session cookie out; the callback asked for itself again from the router's own page, which
    // carried it (without that: "no sign-in was started").
    String refused = signInAtProvider("nobody", "{\"groups\": [\"staff\"]}");
    assertTrue(refused.contains("/sso/callback?") && refused.endsWith("&same-site=1"), refused);
    assertTrue(browser.byId("sso-problem").getText().contains("has a role on this router"));

    String landed = signInAtProvider("olga", "{\"groups\": [\"ai-admins\"], \"preferred_username\": \"olga\"}");
    assertTrue(landed.endsWith("/console/routes.xhtml"), landed);
    assertEquals("sso:olga · admin", browser.byId("signed-in").getText());
    assertFalse(browser.findAll("#route-table, .card.empty").isEmpty(), "the routes page");
  }

  /** Signs in on the provider's own page, typing the user and the ID token's extra claims; where the browser lands. */
  String signInAtProvider(String user, String claims) {
    browser.open(base + "login.xhtml");
    browser.byId("sso").click();
    browser.waitFor(d -> d.getCurrentUrl().startsWith("http://localhost:"));
    browser.find("input[name='username']").sendKeys(user);
    browser.find("textarea[name='claims']").sendKeys(claims);
    browser.find("input[type='submit']").click();
    browser.waitFor(d -> d.getCurrentUrl().startsWith(base.toString())
        && (!d.getCurrentUrl().contains("/sso/") || !browser.findAll("#sso-problem").isEmpty()));
    return browser.driver().getCurrentUrl();
  }
}
