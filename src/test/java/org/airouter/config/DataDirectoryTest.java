package org.airouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the data directory is on each server when none is set: always a place that survives the server's restart
 * (README, Configure). The system properties are those each server sets.
 */
class DataDirectoryTest {
  static final String HOME = "/home/op";

  static Path defaultFor(Map<String, String> serverProperties) {
    Map<String, String> all = new HashMap<>(serverProperties);
    all.put("user.home", HOME);
    return Settings.defaultDataDir(all::get).path();
  }

  @Test void tomcatKeepsItUnderCatalinaBase() {
    assertEquals(Path.of("/srv/tomcat/data/ai-router"), defaultFor(Map.of("catalina.base", "/srv/tomcat")));
  }

  @Test void wildFlyKeepsItInItsServerDataDir() {
    assertEquals(Path.of("/opt/wildfly/standalone/data/ai-router"),
        defaultFor(Map.of("jboss.server.data.dir", "/opt/wildfly/standalone/data",
            "jboss.home.dir", "/opt/wildfly")));
  }

  @Test void payaraMicroKeepsItInTheHomeNotInItsTemporaryInstanceRoot() {
    // As Payara Micro 6 sets them without --rootdir: every start gets a new temporary instance root.
    assertEquals(Path.of(HOME, ".ai-router"), defaultFor(Map.of(
        "catalina.base", "/tmp/payaramicro-rt1234tmp",
        "com.sun.aas.instanceRoot", "/tmp/payaramicro-rt1234tmp",
        "com.sun.aas.installRoot", "/tmp/payaramicro-rt1234tmp")));
  }

  @Test void payaraServerAndGlassFishKeepItInTheHomeToo() {
    assertEquals(Path.of(HOME, ".ai-router"), defaultFor(Map.of(
        "catalina.base", "/opt/payara6/glassfish/domains/domain1",
        "com.sun.aas.instanceRoot", "/opt/payara6/glassfish/domains/domain1",
        "com.sun.aas.installRoot", "/opt/payara6/glassfish")));
  }

  @Test void anyOtherRuntimeKeepsItInTheHome() {
    assertEquals(Path.of(HOME, ".ai-router"), defaultFor(Map.of()));
  }

  @Test void aDirectoryEarlierVersionsUsedStaysInUseSoAnUpgradeHidesNoDatabase(@TempDir Path servers) throws Exception {
    Path wildFlyData = servers.resolve("standalone/data");
    Files.createDirectories(wildFlyData.resolve("data/ai-router"));   // jboss.server.data.dir + data/ai-router
    Path payaraRoot = servers.resolve("payara-micro-root");          // a --rootdir kept between runs
    Files.createDirectories(payaraRoot.resolve("data/ai-router"));

    Settings.DataDirectory wildFly = Settings.defaultDataDir(Map.of("jboss.server.data.dir", wildFlyData.toString(),
        "user.home", HOME)::get);
    Settings.DataDirectory payara = Settings.defaultDataDir(Map.of("catalina.base", payaraRoot.toString(),
        "com.sun.aas.instanceRoot", payaraRoot.toString(), "user.home", HOME)::get);

    assertEquals(wildFlyData.resolve("data/ai-router"), wildFly.path());
    assertTrue(wildFly.source().contains(wildFlyData.resolve("ai-router").toString()), "says where it belongs now");
    assertEquals(payaraRoot.resolve("data/ai-router"), payara.path());
  }

  @Test void theSettingWinsOnEveryServer() {
    Settings settings = Settings.with(Map.of("AIROUTER_DATA_DIR", "/var/lib/ai-router"));
    Settings.DataDirectory dir = settings.dataDirectory();
    assertEquals(Path.of("/var/lib/ai-router"), dir.path());
    assertEquals("the setting airouter.data-dir", dir.source());
  }
}
