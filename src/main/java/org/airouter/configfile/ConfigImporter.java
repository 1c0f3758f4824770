package org.airouter.configfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.TeamService;
import org.airouter.keys.TeamSpec;
import org.airouter.prices.PriceService;
import org.airouter.prices.PriceSpec;
import org.airouter.persistence.InstanceChecks;
import org.airouter.routing.RouteService;
import org.airouter.routing.RouteSpec;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a configuration document: routes and keys are matched by name, so applying the same file twice changes
 * nothing and a changed file updates what it names. Entries are applied one by one; one bad entry never stops the rest.
 */
public final class ConfigImporter {
  private static final Logger LOG = Logger.getLogger(ConfigImporter.class.getName());

  /** The instance_check row that holds the SHA-256 of the config file last applied. */
  public static final String APPLIED_FILE = "config-file";

  private final RouteService routes;
  private final ClientKeyService keys;
  private final TeamService teams;
  private final PriceService prices;

  public ConfigImporter(RouteService routes, ClientKeyService keys) { this(routes, keys, null, null); }

  /** {@code teams} and {@code prices} may be null: their entries are then reported as not applied. */
  public ConfigImporter(RouteService routes, ClientKeyService keys, TeamService teams, PriceService prices) {
    this.routes = routes;
    this.keys = keys;
    this.teams = teams;
    this.prices = prices;
  }

  /**
   * What an import did.
   *
   * @param failures entries that failed for another reason than their content (the database, say), so the same
   *                 file is worth applying again
   */
  public record Report(int routes, int clientKeys, List<String> problems, int failures) {
    public Report(int routes, int clientKeys, List<String> problems) { this(routes, clientKeys, problems, 0); }
  }

  public Report importFile(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      String problem = "cannot read " + file + ": " + e.getMessage();
      LOG.warning("Config file not imported: " + problem);
      return new Report(0, 0, List.of(problem), 1);
    }
    return importText(file, json);
  }

  /**
   * Applies the file only if its content changed since it was last applied to this database (its SHA-256 is kept
   * in {@code instance_check}), so a restart with the same file does not undo what the console changed since: a
   * key revoked there stays revoked. A changed file is applied as a whole, as {@link #importFile} does.
   *
   * @return the report, or empty when the file was unchanged and not applied
   */
  public Optional<Report> importFileIfChanged(Path file, InstanceChecks checks, String instance) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warning("Config file not imported: cannot read " + file + ": " + e.getMessage());
      return Optional.of(new Report(0, 0, List.of("cannot read " + file + ": " + e.getMessage()), 1));
    }
    String hash = sha256(json);
    Optional<InstanceChecks.Check> last = checks.read(APPLIED_FILE);
    if (last.isPresent() && last.get().value().equals(hash)) {
      LOG.info("Config file " + file + " unchanged since it was applied at " + last.get().writtenAt()
          + "; not applied again, so changes made since in the console or the admin API stay");
      return Optional.empty();
    }
    Report report = importText(file, json);
    if (report.failures() == 0) checks.put(APPLIED_FILE, hash, instance);
    return Optional.of(report);
  }

  private Report importText(Path file, String json) {
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
    int failures = 0;
    // A fallback may name a route that comes later in the same document.
    Set<String> named = document.routes().stream().map(e -> e.spec().name())
        .collect(Collectors.toSet());
    for (ConfigDocument.Entry<RouteSpec> entry : document.routes()) {
      try {
        routes.save(entry.spec(), named);
        routeCount++;
      } catch (RuntimeException e) {
        problems.add(entry.position() + " (route '" + entry.spec().name() + "'): " + describe(e));
        if (!aboutTheEntry(e)) failures++;
      }
    }
    for (ConfigDocument.Entry<TeamSpec> entry : document.teams()) {
      try {
        if (teams == null) throw new IllegalStateException("teams are not handled here");
        teams.save(entry.spec());
      } catch (RuntimeException e) {
        problems.add(entry.position() + " (team '" + entry.spec().name() + "'): " + describe(e));
        if (!aboutTheEntry(e)) failures++;
      }
    }
    for (ConfigDocument.Entry<PriceSpec> entry : document.prices()) {
      try {
        if (prices == null) throw new IllegalStateException("prices are not handled here");
        prices.save(entry.spec());
      } catch (RuntimeException e) {
        problems.add(entry.position() + " (price '" + entry.spec().model() + "'): " + describe(e));
        if (!aboutTheEntry(e)) failures++;
      }
    }
    for (ConfigDocument.KeyEntry entry : document.clientKeys()) {
      try {
        keys.importKey(entry.spec(), entry.key());
        keyCount++;
      } catch (RuntimeException e) {
        problems.add(entry.position() + " (client key '" + entry.spec().name() + "'): " + describe(e));
        if (!aboutTheEntry(e)) failures++;
      }
    }
    return new Report(routeCount, keyCount, problems, failures);
  }

  /** The entry itself is wrong (applying the same file again fails the same way), not the database. */
  private static boolean aboutTheEntry(RuntimeException e) {
    return e instanceof RouteService.InvalidRoute || e instanceof ClientKeyService.InvalidClientKey
        || e instanceof RouteService.DuplicateRouteName || e instanceof ClientKeyService.DuplicateKeyName
        || e instanceof TeamService.InvalidTeam || e instanceof PriceService.InvalidPrice;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String describe(RuntimeException e) {
    if (e instanceof RouteService.InvalidRoute || e instanceof ClientKeyService.InvalidClientKey
        || e instanceof TeamService.InvalidTeam || e instanceof PriceService.InvalidPrice) return e.getMessage();
    LOG.log(Level.FINE, "import entry failed", e);
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
