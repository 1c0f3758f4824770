package org.airouter.deploy;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Poll;
import org.airouter.testing.Requirements;
import org.airouter.testing.Response;
import org.airouter.testing.RouterClient;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.ScratchDatabase;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The router on a Tomcat container DataSource (JNDI java:comp/env/jdbc/airouter), defined by the very file an
 * operator copies, {@code server-config/tomcat/ROOT-<vendor>.xml}, with only url, username and password set to a
 * scratch database that this class creates and drops. Proves the whole path: migrations run there, the config file is
 * imported there, a chat request goes through, and its usage row lands there. No JDBC URL setting is given, so the
 * data can only have reached the database through the DataSource. Subclasses pick the database.
 */
abstract class ContainerDataSourceIT {
  static final String KEY = "ar-datasource-key-0001";
  static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  static ScratchDatabase database;
  static String unavailable;

  /** The built WAR with the operator's context file (vendor's copy) as its META-INF/context.xml. */
  static WebArchive deploymentOn(DatabaseTarget target, String contextFile, Class<?> testClass, MockUpstream upstream) {
    RouterSettings.fresh(testClass)
        .config(ConfigFiles.config().route(route("gpt-4o-mini", "exact", "gpt-4o-mini").at(upstream))
            .clientKey(clientKey("datasource", KEY)))
        .set(RouterSettings.USAGE_FLUSH_MS, 200)
        .apply();
    WebArchive war = Deployments.router();
    try {
      database = target.create();
    } catch (RuntimeException | AssertionError missing) {   // skipped, or failed with airouter.require-all=true
      unavailable = missing.getMessage();
      return war;   // deployed on its embedded H2; every test then reports the missing database
    }
    war.delete("META-INF/context.xml");
    war.addAsManifestResource(new StringAsset(operatorContext(contextFile, database)), "context.xml");
    return war;
  }

  /** server-config/tomcat/FILE with the database's url, username and password; everything else as shipped. */
  static String operatorContext(String file, ScratchDatabase db) {
    try {
      String xml = Files.readString(Path.of("server-config", "tomcat", file));
      xml = replaceAttribute(xml, "url", db.url());
      xml = replaceAttribute(xml, "username", db.user());
      return replaceAttribute(xml, "password", db.password() == null ? "" : db.password());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String replaceAttribute(String xml, String name, String value) {
    String replaced = xml.replaceFirst("(\\s" + name + "=\")[^\"]*(\")", "$1" + Matcher.quoteReplacement(value) + "$2");
    if (replaced.equals(xml) && !xml.contains(" " + name + "=\"" + value + "\"")) {
      throw new IllegalStateException("no " + name + "=\"…\" attribute in the context file");
    }
    return replaced;
  }

  @AfterAll static void dropDatabase() {
    if (database != null) database.close();
    database = null;
    unavailable = null;
  }

  @ArquillianResource URL base;

  void requireDatabase() {
    Requirements.require(database != null, String.valueOf(unavailable).replace("required but missing ("
        + Requirements.REQUIRE_ALL + "=true): ", ""));
  }

  @Test void migrationsAndTheConfigFileLandInTheDatabase() {
    requireDatabase();
    long scripts;
    try (Stream<Path> files = Files.list(
        Path.of("src/main/resources/db/migration"))) {
      scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(scripts, count("select count(*) from schema_history where version is not null and success = "
        + trueLiteral()), "every migration applied in the container's database");
    assertEquals(1, count("select count(*) from route where name = 'gpt-4o-mini'"), "the config file's route");
    assertEquals(1, count("select count(*) from client_key"), "the config file's client key");
  }

  @Test void aChatRequestGoesThroughAndItsUsageRowLandsInTheDatabase() throws Exception {
    requireDatabase();
    long before = count("select count(*) from usage_record");

    Response r = RouterClient.at(base).bearer(KEY).postJson("v1/chat/completions", CHAT);

    assertEquals(200, r.status(), r::toString);
    long after = Poll.until(Duration.ofSeconds(10), () -> count("select count(*) from usage_record"), n -> n > before);
    assertEquals(before + 1, after, "one usage row written through the DataSource");
    assertEquals(200, count("select max(status) from usage_record"));
    assertTrue(count("select count(*) from usage_hourly where model = 'gpt-4o-mini'") >= 1);
  }

  String trueLiteral() { return "true"; }

  long count(String sql) {
    return database.query(sql, rs -> {
      rs.next();
      return rs.getLong(1);
    });
  }
}
