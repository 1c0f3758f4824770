package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import org.airouter.testing.Browser;
import org.airouter.testing.Console;
import org.airouter.testing.Deployments;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sign-in page (wrong, throttled, right) and the theme, which follows the system until the toggle picks one, in
 * headless Chromium against the deployed WAR. Saves the sign-in page's screenshot (login-*.png).
 */
@ExtendWith(ArquillianExtension.class)
class SignInBrowserIT {
  static final String PASSWORD = "sign-in-password-for-tests";
  static final long LOCKOUT_MS = 1500;

  @RegisterExtension static final Browser browser = Browser.perClass();

  @Deployment(testable = false)
  static WebArchive deployment() {
    RouterSettings.fresh(SignInBrowserIT.class)
        .set(RouterSettings.ADMIN_PASSWORD, PASSWORD)
        .set(RouterSettings.LOGIN_FREE_FAILURES, 2)
        .set(RouterSettings.LOGIN_DELAY_MS, LOCKOUT_MS)
        .apply();
    return Deployments.router();
  }

  @ArquillianResource URL base;
  Console console;

  @BeforeEach void console() {
    console = new Console(browser, base, PASSWORD);
  }

  @Test
  void signInNeedsTheRightPasswordAndSlowsDownGuessing() throws InterruptedException {
    browser.driver().manage().deleteAllCookies();   // signed out, whichever test ran before
    console.open("");
    assertTrue(browser.driver().getCurrentUrl().endsWith("/login.xhtml"), "/ leads to the console's sign-in");
    console.shoot("login");

    console.submitSignIn("wrong-password");
    assertEquals("Wrong user name or password.", browser.find(".field-error").getText());
    assertTrue(browser.driver().getCurrentUrl().endsWith("/login.xhtml"));

    console.submitSignIn("wrong-again");
    console.submitSignIn("still-wrong");          // the third failure: over the two free ones
    browser.waitFor(d -> console.messages().contains("Too many failed attempts"));
    long lockedAt = System.currentTimeMillis();
    console.submitSignIn(PASSWORD);               // even the right password waits out the lock-out
    browser.waitFor(d -> console.messages().contains("Too many failed attempts"));
    assertTrue(browser.driver().getCurrentUrl().endsWith("/login.xhtml"));

    // Not a poll: the lock-out is a fixed time, and trying before it ends would start another.
    Thread.sleep(Math.max(0, LOCKOUT_MS + 200 - (System.currentTimeMillis() - lockedAt)));
    long signInStarted = System.nanoTime();
    console.submitSignIn(PASSWORD);
    browser.waitFor(d -> d.getCurrentUrl().endsWith("/console/routes.xhtml"));
    System.out.printf("SignInBrowserIT: sign-in took %d ms until the routes page; %s%n",
        (System.nanoTime() - signInStarted) / 1_000_000, console.navigationTiming());
    assertEquals("Routes", browser.find("h1").getText());
    console.noCspViolations();
  }

  @Test
  void themesFollowTheSystemAndTheToggleIsRemembered() {
    console.signIn();
    console.open("console/usage.xhtml");
    browser.colorScheme("dark");
    assertEquals("rgb(14, 17, 22)", background(), "dark from prefers-color-scheme");
    browser.colorScheme("light");
    assertEquals("rgb(246, 247, 249)", background());

    browser.byId("theme-toggle").click();        // system → light
    browser.byId("theme-toggle").click();        // light → dark
    assertEquals("Theme: dark", browser.byId("theme-toggle").getText());
    browser.driver().navigate().refresh();
    assertEquals("rgb(14, 17, 22)", background(), "remembered in this browser, even against a light system");
    browser.byId("theme-toggle").click();        // dark → system
    assertEquals("rgb(246, 247, 249)", background());
    browser.driver().navigate().refresh();
    assertEquals("rgb(246, 247, 249)", background());
    assertTrue(browser.byId("theme-toggle").getText().startsWith("Theme: system"));
  }

  String background() {
    return (String) browser.script("return getComputedStyle(document.body).backgroundColor");
  }
}
