package org.airouter.deploy;

import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.IdentityProvider;
import org.airouter.testing.RouterSettings;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A console single sign-on on whichever server the build selected (embedded Tomcat 11, Tomcat 10.1, WildFly, Payara
 * Micro), hop by hop over plain HTTP, as a browser makes it: the router's /sso/start, the provider's authorization
 * endpoint, the router's callback. The callback is where the server's own copy of the Nimbus SDK exchanges the code
 * and checks the ID token against the provider's keys, so a server whose class loading mixes its Nimbus with the
 * WAR's fails here.
 *
 * <p>The provider listens on the port the build reserved ({@code oidc.port}): WildFly and Payara run in a JVM of their
 * own and were started with its issuer in their JVM options (arquillian.xml). The router asks for the provider's
 * metadata only at the first sign-in, so starting it here, after the server, is in time. In the embedded Tomcats the
 * same settings are system properties.
 */
@ExtendWith(ArquillianExtension.class)
class SingleSignOnAcceptanceIT {
  /** Must match the JVM options in arquillian.xml. */
  static final String ADMIN_GROUP = "acceptance-admins";
  static final Pattern SIGNED_IN = Pattern.compile("id=\"signed-in\"[^>]*>([^<]*)<");
  static final Pattern CONTINUE = Pattern.compile("id=\"continue\" href=\"([^\"]+)\"");

  static IdentityProvider idp;

  @Deployment(testable = false)
  static WebArchive deployment() {
    idp = IdentityProvider.startOn(Integer.getInteger("oidc.port", 0));
    String dir = System.getProperty("acceptance.dir");
    RouterSettings settings = dir == null ? RouterSettings.fresh(SingleSignOnAcceptanceIT.class)
        : RouterSettings.in(Path.of(dir));
    try {   // Payara Micro's post-boot command file (arquillian.xml): none for this run; other servers ignore it
      Files.writeString(settings.runDir().resolve("postboot.asadmin"), "");
      // WildFly sends /console/* to its management console unless told not to, as an operator does
      if ("wildfly".equals(System.getProperty("airouter.server"))) {
        jbossCli("--file=" + Path.of("server-config", "wildfly", "console-path.cli").toAbsolutePath());
        jbossCli("--command=reload");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    settings.config(ConfigFiles.config().route(route("sso-acceptance", "exact", "sso-model")
            .baseUrl("http://127.0.0.1:9/v1")))
        .set(RouterSettings.ADMIN_PASSWORD, AcceptanceIT.ADMIN_PASSWORD)
        .set("airouter.oidc.issuer", idp.issuer())
        .set("airouter.oidc.client-id", IdentityProvider.CLIENT_ID)
        .set("airouter.oidc.client-secret", IdentityProvider.CLIENT_SECRET)
        .set("airouter.oidc.role-map", ADMIN_GROUP + "=admin")
        .apply();   // the embedded Tomcats read these; a managed server already has the same values
    return Deployments.router();
  }

  /** jboss-cli against the managed WildFly; --timeout also bounds the wait for a reload (slow on a loaded machine). */
  static void jbossCli(String argument) throws IOException, InterruptedException {
    Process cli = new ProcessBuilder(System.getProperty("wildfly.home") + "/bin/jboss-cli.sh", "--connect",
        "--timeout=120000", "--controller=127.0.0.1:" + System.getProperty("wildfly.management-port"), argument)
        .redirectErrorStream(true).start();
    String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (cli.waitFor() != 0) throw new IllegalStateException("jboss-cli " + argument + " failed: " + output);
  }

  /**
   * The other classes of the suite get WildFly as unpacked (PathSpellingIT expects its /console redirect); the reload
   * also ends this deployment's sessions.
   */
  @AfterAll static void stopProviderAndRestoreWildFly() throws Exception {
    if (idp != null) idp.close();
    if ("wildfly".equals(System.getProperty("airouter.server"))) {
      jbossCli("--command=/subsystem=undertow/server=default-server/host=default-host"
          + ":undefine-attribute(name=disable-console-redirect)");
      jbossCli("--command=reload");
    }
  }

  @ArquillianResource URL injected;
  URI base;
  /** Keeps cookies as a browser does (the session's SameSite aside), follows no redirect by itself. */
  HttpClient http;

  @BeforeEach void client() throws Exception {
    String url = Deployments.onLoopback(injected).toString();
    base = URI.create(url.endsWith("/") ? url : url + "/");
    http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Test void signsInThroughTheIdentityProviderAndLandsOnTheConsole() throws Exception {
    HttpResponse<String> before = get(base.resolve("console/routes.xhtml"));
    assertEquals(303, before.statusCode(), () -> "not signed in yet: " + before.uri() + " " + before.headers().map());
    idp.nextUser("sam", List.of("staff", ADMIN_GROUP));

    HttpResponse<String> start = get(base.resolve("sso/start"));
    assertEquals(302, start.statusCode(), start::body);
    URI authorize = location(start);
    assertTrue(authorize.toString().startsWith(idp.issuer() + "/authorize?"), authorize::toString);
    Map<String, String> asked = query(authorize);
    assertEquals("code", asked.get("response_type"));
    assertEquals(IdentityProvider.CLIENT_ID, asked.get("client_id"));
    assertEquals("S256", asked.get("code_challenge_method"));
    assertNotNull(asked.get("code_challenge"), authorize::toString);
    assertNotNull(asked.get("state"), authorize::toString);
    assertNotNull(asked.get("nonce"), authorize::toString);
    assertEquals(base.resolve("sso/callback").toString(), asked.get("redirect_uri"));

    HttpResponse<String> atProvider = get(authorize);
    assertEquals(302, atProvider.statusCode(), atProvider::body);
    URI callback = location(atProvider);
    assertTrue(callback.toString().startsWith(base.resolve("sso/callback?").toString()), callback::toString);
    assertEquals(asked.get("state"), query(callback).get("state"));
    assertNotNull(query(callback).get("code"), callback::toString);

    HttpResponse<String> back = get(callback);
    Matcher reload = CONTINUE.matcher(back.body());
    if (back.statusCode() == 200 && reload.find()) {   // the callback asks for itself again, as after a cross-site hop
      URI again = callback.resolve(reload.group(1).replace("&amp;", "&"));
      assertTrue(again.toString().endsWith("&same-site=1"), again::toString);
      back = get(again);
    }
    assertEquals(303, back.statusCode(), back::body);
    URI home = location(back);
    assertEquals(base.resolve("console/routes.xhtml"), home);

    HttpResponse<String> routes = get(home);
    assertEquals(200, routes.statusCode(), routes::body);
    Matcher signedIn = SIGNED_IN.matcher(routes.body());
    assertTrue(signedIn.find(), routes::body);
    assertTrue(signedIn.group(1).matches("sso:sam (·|&middot;|&#183;) admin"), signedIn.group(1));
    assertTrue(routes.body().contains("data-route=\"sso-acceptance\""), "the routes page with the configured route");

    assertTrue(idp.requests().stream().anyMatch(r -> r.getRequestUrl().encodedPath().endsWith("/token")
        && "POST".equals(r.getMethod())), "the router exchanged the code itself");
    JsonObject page = AdminClient.withPassword(Deployments.onLoopback(injected), AcceptanceIT.ADMIN_PASSWORD)
        .get("audit?action=signin&actor=sso:sam&limit=1").json();
    assertEquals(1, page.getJsonArray("events").size(), page::toString);
    JsonObject detail = page.getJsonArray("events").getJsonObject(0).getJsonObject("detail");
    assertEquals("oidc", detail.getString("method"));
    assertEquals("admin", detail.getString("role"));
    assertEquals(idp.issuer(), detail.getString("issuer"));
  }

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static URI location(HttpResponse<?> response) {
    String to = response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
        "no Location in the " + response.statusCode() + " from " + response.uri()));
    return response.uri().resolve(to);
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> values = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) return values;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      values.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }
}
