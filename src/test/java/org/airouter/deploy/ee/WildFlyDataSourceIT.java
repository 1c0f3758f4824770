package org.airouter.deploy.ee;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.airouter.testing.ConfigFiles;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.Deployments;
import org.airouter.testing.MockUpstream;
import org.airouter.testing.Requirements;
import org.airouter.testing.RouterSettings;
import org.airouter.testing.ScratchDatabase;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * WildFly ({@code -Pwildfly}): server-config/wildfly/datasource-VENDOR.cli, run with jboss-cli.sh against the managed
 * server exactly as the README says, then the ee WAR deployed; the router must find the DataSource through the
 * system property the script set, and keep all its data there. Afterwards remove-datasource.cli, the driver and its
 * module are removed again, so the server is as the profile unpacked it.
 */
abstract class WildFlyDataSourceIT {
  static ScratchDatabase database;
  static String unavailable;
  static String vendor;

  static WebArchive deploymentOn(DatabaseTarget target, String vendorName, String driverJarProperty, Class<?> testClass, MockUpstream upstream) {
    vendor = vendorName;
    Path dir = Path.of("target", "acceptance-wildfly", testClass.getSimpleName());
    RouterSettings settings = RouterSettings.in(dir)
        .config(ConfigFiles.config().route(route("gpt-4o-mini", "exact", "gpt-4o-mini").at(upstream))
            .clientKey(clientKey("ee-datasource", DataSourceChecks.KEY)));
    try {
      database = target.create();
    } catch (RuntimeException | AssertionError missing) {
      unavailable = missing.getMessage();
      return Deployments.router();
    }
    // The server reads the config file through its JVM options (arquillian.xml): acceptance.dir/config.json.
    copy(settings.runDir().resolve("config.json"), Path.of(DataSourceChecks.property("acceptance.dir"), "config.json"));
    // As an operator would: a user of its own with a password (jboss-cli cannot pass an empty one, and MariaDB's
    // passwordless root refuses any). PostgreSQL here trusts local connections, so any password does there.
    String user = database.user();
    if (target == DatabaseTarget.MARIADB) {
      user = "airouter_wf";
      database.execute("create or replace user '" + user + "'@'%' identified by '" + PASSWORD + "'");
      database.execute("grant all on " + database.name() + ".* to '" + user + "'@'%'");
    }
    Path properties = dir.resolve("airouter-db.properties");
    write(properties, "driver.jar=" + DataSourceChecks.property(driverJarProperty) + "\n"
        + "db.url=" + database.url() + "\n"
        + "db.user=" + user + "\n"
        + "db.password=" + PASSWORD + "\n");
    cleanUpQuietly(true);   // a run that died half-way may have left the module behind (the config is read-only)
    cli("--resolve-parameter-values", "--properties=" + properties.toAbsolutePath(),
        "--file=" + Path.of("server-config", "wildfly", "datasource-" + vendor + ".cli").toAbsolutePath());
    return Deployments.router();
  }

  @AfterAll static void removeDataSourceAndDatabase() {
    try {
      if (database != null) {
        cleanUpQuietly(false);
        // A DataSource removed while in use lives on until a reload; the next class adds one of the same name.
        cli("--command=reload");
      }
    } finally {
      if (database != null) database.close();
      database = null;
      unavailable = null;
    }
  }

  static final String PASSWORD = "airouter-wildfly-test";

  /**
   * remove-datasource.cli, then the driver, then (before adding, never after use) its module; each step may find
   * nothing to remove. A module's jar must not be deleted while the running server has loaded it: the driver stays
   * registered in the JVM, and the next vendor's connections then fail on the missing file.
   */
  static void cleanUpQuietly(boolean module) {
    List<String[]> steps = new ArrayList<>(List.of(
        new String[] {"--file=" + Path.of("server-config", "wildfly", "remove-datasource.cli").toAbsolutePath()},
        new String[] {"--command=/subsystem=datasources/jdbc-driver=" + vendor + ":remove"}));
    if (module) steps.add(new String[] {"--command=module remove --name=org." + vendor});
    for (String[] step : steps) {
      try {
        cli(step);
      } catch (IllegalStateException nothingThere) {
        // fine: not configured
      }
    }
  }

  static String cli(String... arguments) {
    String home = DataSourceChecks.property("wildfly.home");
    // --timeout (ms, default 5000) also bounds the wait for the server to come back after `reload`, which took over
    // 5 s once and over 30 s once on this 2-core machine while other builds ran ("Failed to establish connection in
    // 31006ms"; the next class then found ROOT.war still deployed). A connect that works returns at once.
    List<String> command = new ArrayList<>(List.of(home + "/bin/jboss-cli.sh", "--connect",
        "--timeout=120000", "--controller=127.0.0.1:" + DataSourceChecks.property("wildfly.management-port")));
    command.addAll(List.of(arguments));
    return DataSourceChecks.run(command);
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ArquillianResource URL base;

  String trueLiteral() { return "true"; }

  @Test void theRouterKeepsItsDataInTheDataSourceTheCliScriptMade() throws Exception {
    Requirements.require(database != null, String.valueOf(unavailable));
    assertEquals(DataSourceChecks.expected(),
        DataSourceChecks.observe(database, Deployments.onLoopback(base), trueLiteral()),
        "migrations, the config file's route, a 200 chat and its usage rows, all in the server's DataSource");
  }
}
