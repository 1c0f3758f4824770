package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airouter.testing.ConsoleForms;
import org.airouter.testing.Deployments;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console at the HTTP level, no browser needed: every console path needs the session, the session cookie's
 * attributes, the security headers, no inline script or style in any page, state changes only as Faces POSTs.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleSecurityIT {
  static final String PASSWORD = "console-security-password";
  static final List<String> PAGES = List.of("routes", "route", "keys", "test", "usage", "transfer");

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(ConsoleSecurityIT.class).set(RouterSettings.ADMIN_PASSWORD, PASSWORD).apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;

  ConsoleForms forms() { return ConsoleForms.at(base); }

  @Test void theRootAndEveryConsolePageLeadToSignInWithoutASession() throws Exception {
    HttpResponse<String> root = forms().get("", null);
    assertEquals(303, root.statusCode());
    assertEquals("/console/routes.xhtml", root.headers().firstValue("Location").orElseThrow());
    for (String page : PAGES) {
      HttpResponse<String> answer = forms().get("console/" + page + ".xhtml", null);
      assertEquals(303, answer.statusCode(), page);
      assertEquals("/login.xhtml", answer.headers().firstValue("Location").orElseThrow(), page);
    }
    assertEquals(303, forms().post("console/routes.xhtml", null, Map.of("routes", "routes")).statusCode());
    assertEquals(401, forms().post("console/test/stream", null, Map.of("model", "x")).statusCode());
    assertEquals(303, forms().get("console/whatever", null).statusCode(), "unknown console paths are private too");
  }

  @Test void theSessionCookieIsHttpOnlyAndStrictAndNeverHoldsThePassword() throws Exception {
    assertNull(forms().signIn(null, "not-the-password"), "a wrong password starts no session");
    HttpResponse<String> answer = forms().post("login.xhtml", null, Map.of("login", "login", "login:password", PASSWORD,
        "login:signin", "Sign in", "jakarta.faces.ViewState", "stateless"));
    assertEquals(302, answer.statusCode() == 303 ? 302 : answer.statusCode(), answer::body);
    String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.startsWith("JSESSIONID="), setCookie);
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertEquals(1, count(setCookie, "SameSite=Strict"), setCookie);
    assertFalse(setCookie.contains("Secure"), "plain HTTP here; Secure is added under HTTPS");
    assertFalse(setCookie.contains(PASSWORD));
  }

  @Test void pagesCarrySecurityHeadersAndNoInlineScriptOrStyle() throws Exception {
    String cookie = forms().signIn(null, PASSWORD);
    assertNotNull(cookie);
    for (String page : PAGES) {
      HttpResponse<String> answer = forms().get("console/" + page + ".xhtml", cookie);
      assertEquals(200, answer.statusCode(), page + ": " + answer.body());
      assertHeaders(answer, page);
      assertNoInlineCode(answer.body(), page);
    }
    HttpResponse<String> login = forms().get("login.xhtml", null);
    assertHeaders(login, "login");
    assertNoInlineCode(login.body(), "login");
    assertTrue(login.headers().firstValue("Set-Cookie").isEmpty(), "the sign-in page starts no session");
    HttpResponse<String> css = forms().get("jakarta.faces.resource/styles/console.css.xhtml", null);
    assertEquals(200, css.statusCode());
    assertEquals("nosniff", css.headers().firstValue("X-Content-Type-Options").orElseThrow());
  }

  @Test void stateChangesNeedTheViewStateAndTheStreamNeedsTheSessionToken() throws Exception {
    String cookie = forms().signIn(null, PASSWORD);
    // A form post without Faces view state is not a postback: nothing is created, the page is just shown.
    HttpResponse<String> forged = forms().post("console/keys.xhtml", cookie, Map.of("create", "create",
        "create:name", "forged-key", "create:createKey", "Create key"));
    assertEquals(200, forged.statusCode());
    assertFalse(forms().get("console/keys.xhtml", cookie).body().contains("forged-key"));
    // The streaming endpoint wants the session's token, which only the console's own page knows.
    HttpResponse<String> noToken = forms().post("console/test/stream", cookie, Map.of("model", "x"));
    assertEquals(403, noToken.statusCode());
  }

  @Test void signingOutEndsTheSession() throws Exception {
    String cookie = forms().signIn(null, PASSWORD);
    HttpResponse<String> page = forms().get("console/routes.xhtml", cookie);
    assertEquals(200, page.statusCode());
    HttpResponse<String> out = forms().post("console/routes.xhtml", cookie, Map.of("logout", "logout",
        "logout:signout", "Sign out", "jakarta.faces.ViewState", viewState(page.body(), "logout")));
    assertTrue(out.statusCode() == 302 || out.statusCode() == 303, out.statusCode() + " " + out.body());
    assertEquals(303, forms().get("console/routes.xhtml", cookie).statusCode(), "the old cookie no longer works");
  }

  @Test void theApiAndV1KeepTheirJsonErrors() throws Exception {
    HttpResponse<String> v1 = forms().get("v1/models", null);
    assertEquals(401, v1.statusCode());
    assertTrue(v1.body().startsWith("{\"error\""), v1.body());
    assertTrue(v1.headers().firstValue("Content-Security-Policy").isEmpty(), "console headers stay on the console");
    HttpResponse<String> unknown = forms().get("no-such-path", null);
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().startsWith("{\"error\""), unknown.body());
  }

  static void assertHeaders(HttpResponse<String> answer, String page) {
    String csp = answer.headers().firstValue("Content-Security-Policy").orElseThrow(() -> new AssertionError(page));
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
    assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElseThrow());
    assertEquals("no-referrer", answer.headers().firstValue("Referrer-Policy").orElseThrow());
    assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
  }

  static void assertNoInlineCode(String html, String page) {
    Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
    while (scripts.find()) assertTrue(scripts.group(1).contains("src="), page + ": inline script " + scripts.group());
    assertFalse(Pattern.compile("\\sstyle=").matcher(html).find(), page + ": a style attribute");
    assertFalse(html.contains("<style"), page + ": a style element");
    assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), page + ": an event handler attribute");
    assertFalse(html.contains("javascript:"), page);
  }

  static String viewState(String html, String form) {
    Matcher m = Pattern.compile("name=\"jakarta.faces.ViewState\" id=\"[^\"]*\" value=\"([^\"]+)\"").matcher(html);
    assertTrue(m.find(), "no view state in the " + form + " form");
    return m.group(1);
  }

  static int count(String s, String part) { return s.split(Pattern.quote(part), -1).length - 1; }
}
