package org.airouter.deploy.ee;

import static org.airouter.testing.ConfigFiles.clientKey;
import static org.airouter.testing.ConfigFiles.route;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
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
 * Payara Micro ({@code -Ppayara}): server-config/payara/datasource-VENDOR.asadmin as the post-boot command file of the
 * instance the adapter starts for this deployment (arquillian.xml passes {@code --postbootcommandfile
 * ${acceptance.dir}/postboot.asadmin} and the drivers with {@code --addlibs}), with only the URL, user and password
 * changed to a scratch database. The router must find the pool through the system property the file sets.
 */
abstract class PayaraDataSourceIT {
  static ScratchDatabase database;
  static String unavailable;

  static WebArchive deploymentOn(DatabaseTarget target, String vendor, Class<?> testClass, MockUpstream upstream) {
    Path dir = Path.of(DataSourceChecks.property("acceptance.dir"));
    RouterSettings.in(dir)
        .config(ConfigFiles.config().route(route("gpt-4o-mini", "exact", "gpt-4o-mini").at(upstream))
            .clientKey(clientKey("ee-datasource", DataSourceChecks.KEY)));
    try {
      database = target.create();
    } catch (RuntimeException | AssertionError missing) {
      unavailable = missing.getMessage();
      postBoot("");
      return Deployments.router();
    }
    postBoot(operatorCommands(vendor, database));
    return Deployments.router();
  }

  /** server-config/payara/datasource-VENDOR.asadmin, pointed at the scratch database. */
  static String operatorCommands(String vendor, ScratchDatabase db) {
    try {
      String commands = Files.readString(Path.of("server-config", "payara", "datasource-" + vendor + ".asadmin"));
      String escapedUrl = db.url().replace(":", "\\:");
      // Payara insists on a password property ("No password credential found"); "" is its empty string, which the
      // local MariaDB's root needs ("()" arrives as the password "()"; PostgreSQL's trust authentication ignores it).
      String credentials = ":User=" + db.user()
          + ":Password=" + (db.password() == null || db.password().isEmpty() ? "\"\"" : db.password());
      String changed = commands.replaceFirst("(?i)(URL=)jdbc\\\\:[^ ]*?(:User=[^ ]*)",
          "$1" + Matcher.quoteReplacement(escapedUrl + credentials));
      if (changed.equals(commands)) throw new IllegalStateException("no URL=…:User=… property in the asadmin file");
      return changed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The post-boot command file Payara Micro reads at its next start (arquillian.xml names it). */
  static void postBoot(String commands) {
    try {
      Files.writeString(Path.of(DataSourceChecks.property("acceptance.dir"), "postboot.asadmin"), commands);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll static void dropDatabase() {
    postBoot("");
    if (database != null) database.close();
    database = null;
    unavailable = null;
  }

  @ArquillianResource URL base;

  String trueLiteral() { return "true"; }

  @Test void theRouterKeepsItsDataInThePoolTheAsadminFileMade() throws Exception {
    Requirements.require(database != null, String.valueOf(unavailable));
    assertEquals(DataSourceChecks.expected(),
        DataSourceChecks.observe(database, Deployments.onLoopback(base), trueLiteral()),
        "migrations, the config file's route, a 200 chat and its usage rows, all in the server's DataSource");
  }
}
