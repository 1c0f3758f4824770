package org.airouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the data directory is on each server when none is set: always a place that survives the server's restart
 * (README, Configure). The system properties are those each server sets.
 */
class DataDirectoryTest {
  static final String HOME = "/home/op";

  static Path defaultFor(Map<String, String> serverProperties) {
    Map<String, String> all = new java.util.HashMap<>(serverProperties);
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

  @Test void theSettingWinsOnEveryServer() {
    Settings settings = Settings.with(Map.of("AIROUTER_DATA_DIR", "/var/lib/ai-router"));
    Settings.DataDirectory dir = settings.dataDirectory();
    assertEquals(Path.of("/var/lib/ai-router"), dir.path());
    assertEquals("the setting airouter.data-dir", dir.source());
  }
}
