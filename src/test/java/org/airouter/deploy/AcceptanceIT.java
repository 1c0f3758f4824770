package org.airouter.deploy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.ZipFile;
import org.airouter.testing.AdminClient;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.Deployments;
import org.airouter.testing.Exchange;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Reply;
import org.airouter.testing.Requirements;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.SseStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a new user tries first, on whichever server the build selected: Tomcat (the default build, embedded), WildFly
 * ({@code mvn verify -Pwildfly}) or Payara Micro ({@code -Ppayara}), each with the WAR made for it. The router runs on
 * its default database (embedded H2) with a config file that names a route to the mock upstream and a client key.
 *
 * <p>WildFly and Payara run in a JVM of their own and read their settings from JVM options (arquillian.xml) that
 * point at {@code ${acceptance.dir}}; this class writes the config file there before it deploys. In the embedded
 * Tomcat the same values are system properties.
 */
@ExtendWith(ArquillianExtension.class)
class AcceptanceIT {
  /** Must match the JVM options in arquillian.xml. */
  static final String ADMIN_PASSWORD = "acceptance-admin-password";
  static final String KEY = "ar-acceptance-key-0001";
  static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String STREAM_CHAT = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}";

  @RegisterExtension static MockUpstream upstream = MockUpstream.openAi();

  @Deployment(testable = false)
  static WebArchive deployment() {
    Path dir = Path.of(System.getProperty("acceptance.dir", "target/acceptance-tomcat"));
    RouterSettings settings = RouterSettings.in(dir);
    try {   // Payara Micro's post-boot command file (arquillian.xml): no commands for this run; other servers ignore it
      Files.writeString(dir.resolve("postboot.asadmin"), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    settings
        .config(ConfigFiles.config()
            .route(route("gpt-4o-mini", "exact", "gpt-4o-mini").at(upstream))
            .clientKey(clientKey("acceptance", KEY)))
        .set(RouterSettings.ADMIN_PASSWORD, ADMIN_PASSWORD)
        .apply();   // the embedded Tomcat reads these; a managed server already has the same values
    return Deployments.router();
  }

  @ArquillianResource URL injected;
  URL base;

  @BeforeEach void onLoopback() { base = Deployments.onLoopback(injected); }

  RouterClient client() { return RouterClient.at(base).bearer(KEY); }

  @Test void chatCompletionThroughTheMockUpstream() {
    Response r = client().postJson("v1/chat/completions", CHAT);

    assertEquals(200, r.status(), r::toString);
    JsonObject answer = r.json();
    assertEquals("chat.completion", answer.getString("object"), answer::toString);
    assertEquals("gpt-4o-mini", upstream.onlyCall().model(), "the request reached the upstream");
  }

  @Test void streamedFramesArriveSpacedAsTheUpstreamSendsThem() {
    upstream.replies(Reply.stream("one", " two", " three", " four", " five", " six", " seven", " eight")
        .every(Duration.ofMillis(200)));

    SseStream s = client().stream("v1/chat/completions", STREAM_CHAT);

    assertEquals(200, s.status(), s::toString);
    assertTrue(s.isEventStream(), () -> "content-type " + s.header("content-type"));
    assertEquals("one two three four five six seven eight", s.joinedContent());
    assertTrue(s.lastFrame().isDone(), () -> "last frame: " + s.lastFrame());
    Exchange e = upstream.lastExchange();
    Duration heldEarly = Duration.between(s.firstFrameAt(), e.lastFrameSentAt());
    assertTrue(heldEarly.toMillis() > 1000, () -> "the client got its first frame only " + heldEarly.toMillis()
        + " ms before the upstream sent the last (11 frames 200 ms apart): the server buffers the stream");
    Duration spread = Duration.between(s.firstFrameAt(), s.lastFrame().at());
    assertTrue(spread.toMillis() > 1000, () -> "all frames arrived within " + spread.toMillis() + " ms");
  }

  @Test void theClientKeyFromTheConfigFileIsTheOnlyWayIn() {
    assertEquals(200, client().postJson("v1/chat/completions", CHAT).status());
    assertEquals(401, RouterClient.at(base).bearer("ar-not-a-key-of-ours").postJson("v1/chat/completions", CHAT).status());
    assertEquals(401, RouterClient.at(base).postJson("v1/chat/completions", CHAT).status());
  }

  @Test void adminApiListsTheRoutes() {
    Response r = AdminClient.withPassword(base, ADMIN_PASSWORD).get("routes");

    assertEquals(200, r.status(), r::toString);
    JsonArray routes = Json.createReader(new StringReader(r.text())).readArray();
    assertEquals(1, routes.size(), routes::toString);
    assertEquals("gpt-4o-mini", routes.getJsonObject(0).getString("name"));
    assertEquals(401, AdminClient.withPassword(base, "wrong-password").get("routes").status());
  }

  @Test void consoleLoginPageRenders() {
    Requirements.builtElsewhere(warHas("login.xhtml"), "the Faces console (/login.xhtml), built on its own branch");

    Response r = RouterClient.at(base).get("login.xhtml");

    assertEquals(200, r.status(), r::toString);
    String page = r.text();
    assertTrue(page.contains("<form") && page.toLowerCase(Locale.ROOT).contains("password"), page);
    assertTrue(!page.contains("#{") && !page.contains("<h:"), "the page was rendered by Faces, not served raw");
  }

  static boolean warHas(String entry) {
    try (ZipFile war = new ZipFile(Deployments.warFile())) {
      return war.getEntry(entry) != null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
