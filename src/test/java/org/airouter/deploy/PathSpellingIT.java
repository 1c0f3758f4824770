package org.airouter.deploy;

import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Headers;
import org.airouter.testing.HttpWire;
import org.airouter.testing.PathSpellings;
import org.airouter.testing.RawHttp;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Every console page, the console's fetch endpoint, the admin API and /metrics, each under every spelling of its
 * path ({@link PathSpellings}), without credentials: never served. Acceptable answers are 303 to the sign-in page
 * (console pages), 401 (the fetch endpoint, the admin API, /metrics), 404 (a path in no area, or one the container
 * maps nowhere), 400 (the container refuses the spelling itself: Tomcat for encoded slashes, backslashes, "..;"),
 * 405, the server's own 301/302 (Payara's "/.;/x" to "/", WildFly's /console to its management console) and the
 * sign-in page (Payara maps "/login.xhtml;/console/…" there); never another 2xx, never console, API or metrics
 * content, never the provider key, never the server's name in a body nor a version in a header.
 * Runs on the embedded Tomcat and, through the deploy profiles, on WildFly ({@code -Pwildfly}) and Payara Micro
 * ({@code -Ppayara}), whose JVM options (arquillian.xml) carry the same admin password and metrics token.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PathSpellingIT {
  /** Must match the JVM options in arquillian.xml. */
  static final String ADMIN_PASSWORD = AcceptanceIT.ADMIN_PASSWORD;
  static final String METRICS_TOKEN = "acceptance-metrics-token";
  static final String PROVIDER_KEY = "sk-path-spelling-provider-secret";
  static final Pattern SERVER_NAMES = Pattern.compile("(?i)tomcat|apache|wildfly|undertow|jboss|payara|glassfish|grizzly|jetty");
  static final Set<Integer> REFUSALS = Set.of(400, 401, 404, 405);
  static final List<String> ADMIN_API = List.of("/api/admin/v1/routes", "/api/admin/v1/config", "/api/admin/v1/client-keys",
      "/api/admin/v1/tokens", "/api/admin/v1/usage", "/api/admin/v1/openapi.json");

  @Deployment(testable = false)
  static WebArchive deployment() {
    String dir = System.getProperty("acceptance.dir");
    RouterSettings settings = dir == null ? RouterSettings.fresh(PathSpellingIT.class) : RouterSettings.in(Path.of(dir));
    try {   // Payara Micro's post-boot command file (arquillian.xml): none for this run; other servers ignore it
      Files.writeString(settings.runDir().resolve("postboot.asadmin"), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    settings.config(ConfigFiles.config().route(route("spelling", "exact", "spelling-model")
            .baseUrl("http://127.0.0.1:9/v1").apiKey(PROVIDER_KEY)))
        .set(RouterSettings.ADMIN_PASSWORD, ADMIN_PASSWORD)
        .set(RouterSettings.METRICS_TOKEN, METRICS_TOKEN)
        .apply();   // the embedded Tomcat reads these; a managed server already has the same values
    return Deployments.router();
  }

  @ArquillianResource URL injected;
  URL base;

  /** On WildFly the HTTP listener's port is known (8080 + the profile's offset); elsewhere the injected URL. */
  @BeforeEach void onLoopback() throws MalformedURLException {
    String wildflyOffset = System.getProperty("wildfly.port-offset");
    base = wildflyOffset == null ? Deployments.onLoopback(injected)
        : new URL("http://127.0.0.1:" + (8080 + Integer.parseInt(wildflyOffset)) + "/");
  }

  record Answer(String target, int status, Headers headers, String body) {
    @Override public String toString() { return status + " for " + target + " " + headers + " " + body; }
  }

  Answer send(String method, String target, Headers extra) throws IOException {
    List<Map.Entry<String, String>> fields = new ArrayList<>(extra.fields());
    fields.add(Map.entry("Connection", "close"));
    byte[] body = method.equals("POST") ? "model=x&message=hi".getBytes(StandardCharsets.UTF_8) : null;
    if (body != null) fields.add(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
    try (RawHttp http = RawHttp.connect(base)) {
      HttpWire.Head head = http.send(method, target, new Headers(fields), body).readHead();
      String text = new String(http.body(head).readNBytes(1_000_000), StandardCharsets.UTF_8);
      return new Answer(target, head.status(), head.headers(), text);
    }
  }

  /** Console pages as the WAR has them, plus the console's servlets and a path nothing serves. */
  static List<String> consolePages() {
    List<String> pages = new ArrayList<>(List.of("/console/", "/console", "/console/expired", "/console/whatever"));
    try (ZipFile war = new ZipFile(Deployments.warFile())) {
      war.stream().map(e -> e.getName()).filter(n -> n.matches("console/[^/]+\\.xhtml")).sorted()
          .forEach(n -> pages.add("/" + n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(pages.contains("/console/transfer.xhtml") && pages.contains("/console/keys.xhtml"), pages::toString);
    return pages;
  }

  /** Every spelling of every path, one assertion each, all reported. */
  void assertNeverServed(String method, List<String> paths, Headers headers, boolean loginRedirectAllowed) {
    List<Executable> checks = new ArrayList<>();
    for (String path : paths) {
      for (String target : PathSpellings.of(path)) {
        checks.add(() -> {
          Answer a = send(method, target, headers);
          if (wildFlysConsoleRedirect(a)) {
            // not the router: WildFly's own /console handler, sending the browser to its management console
          } else if (loginRedirectAllowed && a.status() == 303) {
            String location = a.headers().first("location");
            assertNotNull(location, a::toString);
            assertTrue(location.endsWith("/login.xhtml"), a::toString);
          } else if (a.status() == 301 || a.status() == 302) {
            // the server's own redirect (Payara sends "/.;/x" to "/"): no content, checked below
          } else if (a.status() == 200 && a.body().contains("login:password")) {
            // Payara reads "/login.xhtml;/console/…" as the sign-in page (the parameter runs to the end): that page
          } else {
            assertTrue(REFUSALS.contains(a.status()), () -> method + " " + a);
          }
          assertFalse(a.body().contains(PROVIDER_KEY), () -> "provider key in " + a);
          assertFalse(a.body().contains("airouter_") || a.body().contains("\"baseUrl\"") || a.body().contains("Sign out"),
              () -> "content in " + a);
          assertNamesNoServer(a);
        });
      }
    }
    assertAll(method + " " + paths, checks);
  }

  /**
   * WildFly answers /console/… itself (before any deployment at "/") with a redirect to its management console on
   * the management port: nothing of the router is served there, and the router's console is not reachable on
   * WildFly at "/console" while the management console is enabled.
   */
  boolean wildFlysConsoleRedirect(Answer a) {
    String location = a.headers().first("location");
    return "wildfly".equals(System.getProperty("airouter.server")) && a.status() == 302 && location != null
        && location.matches("https?://[^/]+:\\d+/console") && !location.contains(":" + base.getPort() + "/");
  }

  static void assertNamesNoServer(Answer a) {
    assertFalse(SERVER_NAMES.matcher(a.body()).find(), () -> "the body names the server: " + a);
    // Payara Micro's connector sends "Server: Payara Micro" (no version) on every answer, before any application
    // runs; an operator turns it off in the server's http settings. A version is never acceptable.
    for (String header : List.of("server", "x-powered-by")) {
      String value = a.headers().first(header);
      assertTrue(value == null || !value.matches(".*\\d+\\.\\d+.*") && (!SERVER_NAMES.matcher(value).find()
          || value.equals("Payara Micro")), () -> header + " names the server: " + a);
    }
  }

  @Test void noConsolePageIsServedWithoutASessionUnderAnySpelling() {
    List<String> pages = consolePages();
    assertNeverServed("GET", pages, Headers.of(), true);
    assertNeverServed("POST", pages, Headers.of(), true);
  }

  @Test void theConsoleStreamAnswers401WithoutASessionUnderAnySpelling() {
    assertNeverServed("POST", List.of("/console/test/stream"), Headers.of(), true);
  }

  @Test void theAdminApiNeedsCredentialsUnderAnySpelling() {
    assertNeverServed("GET", ADMIN_API, Headers.of(), false);
    assertNeverServed("POST", List.of("/api/admin/v1/client-keys"), Headers.of(), false);
  }

  @Test void metricsNeedItsTokenUnderAnySpelling() {
    assertNeverServed("GET", List.of("/metrics"), Headers.of(), false);
    assertNeverServed("GET", List.of("/metrics"), Headers.of("Authorization", "Bearer not-the-token"), false);
  }

  /** The control: with the credential, each path above is served, so the refusals were not just wrong paths. */
  @Test void withTheirCredentialsTheSamePathsAreServed() throws IOException {
    String cookie = signIn();
    for (String page : consolePages()) {
      if (!page.endsWith(".xhtml")) continue;
      Answer a = send("GET", page, Headers.of("Cookie", cookie));
      if (wildFlysConsoleRedirect(a)) continue;   // see there; the API and /metrics below are the control on WildFly
      assertEquals(200, a.status(), a::toString);
      assertTrue(a.body().contains("jakarta.faces.ViewState"), a::toString);
    }
    String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    for (String api : ADMIN_API) assertEquals(200, send("GET", api, Headers.of("Authorization", basic)).status(), api);
    Answer export = send("GET", "/api/admin/v1/config?includeSecrets=true", Headers.of("Authorization", basic));
    assertEquals(200, export.status(), export::toString);
    assertTrue(export.body().contains(PROVIDER_KEY), "what the refusals protect is there");
    Answer metrics = send("GET", "/metrics", Headers.of("Authorization", "Bearer " + METRICS_TOKEN));
    assertEquals(200, metrics.status(), metrics::toString);
    assertTrue(metrics.body().contains("airouter_"), metrics::toString);
  }

  /** No answer names the server or its version: the container's error pages never show. */
  @Test void errorAnswersNameNoServer() throws IOException {
    Answer noSession = send("POST", "/console/test/stream", Headers.of());
    Answer noToken = send("POST", "/console/test/stream", Headers.of("Cookie", signIn()));
    if (!wildFlysConsoleRedirect(noSession)) {
      assertEquals(401, noSession.status(), noSession::toString);
      assertTrue(noSession.body().startsWith("{\"error\""), noSession::toString);
      assertEquals(403, noToken.status(), noToken::toString);
      assertTrue(noToken.body().startsWith("{\"error\""), noToken::toString);
    }
    List<Answer> answers = new ArrayList<>(List.of(noSession, noToken));
    answers.add(send("GET", "/%zz", Headers.of()));                      // malformed escape: the container's 400
    answers.add(send("GET", "/console/%2e%2e/%2e%2e/x", Headers.of()));  // above the root
    answers.add(send("GET", "/no/such/page", Headers.of()));
    answers.add(send("DELETE", "/health/live", Headers.of()));          // 405 from the servlet
    answers.add(send("GET", "/login.xhtml", Headers.of()));
    answers.add(send("GET", "/v1/models", Headers.of()));
    for (Answer a : answers) {
      assertTrue(a.status() == 200 || a.status() >= 400 || wildFlysConsoleRedirect(a), a::toString);
      assertNamesNoServer(a);
    }
  }

  /**
   * Password guessing over HTTP Basic: after the free failures (airouter.login-free-failures, 5) the address gets 429
   * with retry-after, the right password included, until the wait is over. Last: it locks this client out.
   */
  @Test @Order(Integer.MAX_VALUE) void passwordGuessesAreThrottledWith429AndRetryAfter() throws IOException {
    String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:guess".getBytes(StandardCharsets.UTF_8));
    String right = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertEquals(200, send("GET", "/api/admin/v1/routes", Headers.of("Authorization", right)).status());
    for (int i = 1; i <= 6; i++) {
      Answer a = send("GET", "/api/admin/v1/routes", Headers.of("Authorization", wrong));
      assertEquals(401, a.status(), () -> "guess " + a);
    }
    for (String credential : List.of(wrong, right)) {
      Answer a = send("GET", "/api/admin/v1/routes", Headers.of("Authorization", credential));
      assertEquals(429, a.status(), a::toString);
      assertTrue(a.body().contains("\"too_many_attempts\""), a::toString);
      assertTrue(Integer.parseInt(a.headers().first("retry-after")) >= 1, a::toString);
    }
  }

  /** Signs in as the login form would; returns the session cookie ("JSESSIONID=…"). */
  String signIn() throws IOException {
    String form = "login=login&login%3Apassword=" + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8)
        + "&login%3Asignin=Sign+in&jakarta.faces.ViewState=stateless";
    List<Map.Entry<String, String>> fields = List.of(Map.entry("Connection", "close"),
        Map.entry("Content-Type", "application/x-www-form-urlencoded"));
    try (RawHttp http = RawHttp.connect(base)) {
      HttpWire.Head head = http.send("POST", "/login.xhtml", new Headers(fields), form.getBytes(StandardCharsets.UTF_8))
          .readHead();
      assertTrue(head.status() == 302 || head.status() == 303, () -> "sign-in answered " + head.status());
      String cookie = head.headers().all("set-cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
          .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + head.headers()));
      return cookie.substring(0, cookie.indexOf(';'));
    }
  }
}
