package org.airouter.configfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.keys.ClientKeyService;
import org.airouter.routing.RouteService;
import org.airouter.routing.RouteSpec;

/**
 * Applies a configuration document: routes and keys are matched by name, so applying the same file twice changes
 * nothing and a changed file updates what it names. Entries are applied one by one; one bad entry never stops the rest.
 */
public final class ConfigImporter {
  private static final Logger LOG = Logger.getLogger(ConfigImporter.class.getName());

  private final RouteService routes;
  private final ClientKeyService keys;

  public ConfigImporter(RouteService routes, ClientKeyService keys) {
    this.routes = routes;
    this.keys = keys;
  }

  /** What an import did. */
  public record Report(int routes, int clientKeys, List<String> problems) {}

  public Report importFile(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      String problem = "cannot read " + file + ": " + e.getMessage();
      LOG.warning("Config file not imported: " + problem);
      return new Report(0, 0, List.of(problem));
    }
    Report report = apply(ConfigFileParser.parse(json));
    for (String problem : report.problems()) LOG.warning("Config file " + file + ": " + problem + " (entry skipped)");
    LOG.info("Config file " + file + ": " + report.routes() + " routes and " + report.clientKeys()
        + " client keys imported, " + report.problems().size() + " entries skipped");
    return report;
  }

  public Report apply(ConfigDocument document) {
    List<String> problems = new ArrayList<>(document.problems());
    int routeCount = 0;
    int keyCount = 0;
    for (ConfigDocument.Entry<RouteSpec> entry : document.routes()) {
      try {
        routes.save(entry.spec());
        routeCount++;
      } catch (RuntimeException e) {
        problems.add(entry.position() + " (route '" + entry.spec().name() + "'): " + describe(e));
      }
    }
    for (ConfigDocument.KeyEntry entry : document.clientKeys()) {
      try {
        keys.importKey(entry.spec(), entry.key());
        keyCount++;
      } catch (RuntimeException e) {
        problems.add(entry.position() + " (client key '" + entry.spec().name() + "'): " + describe(e));
      }
    }
    return new Report(routeCount, keyCount, problems);
  }

  private static String describe(RuntimeException e) {
    if (e instanceof RouteService.InvalidRoute || e instanceof ClientKeyService.InvalidClientKey) return e.getMessage();
    LOG.log(Level.FINE, "import entry failed", e);
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
