package org.airouter.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Deployment settings: a system property {@code airouter.some-name}, else the environment variable
 * {@code AIROUTER_SOME_NAME} (MicroProfile Config's mapping), else the default. Read once per application start.
 */
public final class Settings {
  private final Map<String, String> env;

  private Settings(Map<String, String> env) { this.env = env; }

  public static Settings fromEnvironment() { return new Settings(System.getenv()); }

  /** For tests: an environment of one's own, system properties still apply. */
  public static Settings with(Map<String, String> env) { return new Settings(Map.copyOf(env)); }

  public Optional<String> get(String name) {
    String value = System.getProperty(name);
    if (value == null) value = env.get(envName(name));
    if (value == null || value.isBlank()) return Optional.empty();
    return Optional.of(value.trim());
  }

  public String get(String name, String fallback) { return get(name).orElse(fallback); }

  public long getLong(String name, long fallback) {
    return get(name).map(v -> parseLong(name, v)).orElse(fallback);
  }

  public int getInt(String name, int fallback) { return Math.toIntExact(getLong(name, fallback)); }

  /** Where H2 files, generated secrets and a generated admin password live. */
  public Path dataDir() { return dataDirectory().path(); }

  /** The data directory and why it is that one (logged at start). */
  public DataDirectory dataDirectory() {
    return get("airouter.data-dir").map(dir -> new DataDirectory(Path.of(dir), "the setting airouter.data-dir"))
        .orElseGet(() -> defaultDataDir(System::getProperty));
  }

  /** A data directory and where its choice came from. */
  public record DataDirectory(Path path, String source) {}

  /**
   * The data directory when none is set, from the server's system properties; each survives a restart of its server.
   * Tomcat: {@code $CATALINA_BASE/data/ai-router}. WildFly: {@code jboss.server.data.dir/ai-router}
   * ({@code standalone/data/ai-router}). Anything else, Payara and GlassFish included: {@code ~/.ai-router}. Payara
   * sets {@code catalina.base} too, to its instance root, which on Payara Micro is a new temporary directory at every
   * start unless {@code --rootdir} is given: data kept there would be lost at the next start.
   *
   * <p>Earlier versions took {@code catalina.base}, else {@code jboss.server.data.dir}, and added
   * {@code data/ai-router} on every server; where that directory exists (a Payara root or domain that was kept, a
   * WildFly's {@code standalone/data/data/ai-router}) it stays in use, so an upgrade never hides a database.
   */
  static DataDirectory defaultDataDir(UnaryOperator<String> systemProperty) {
    DataDirectory chosen = serverDataDir(systemProperty);
    String earlierBase = systemProperty.apply("catalina.base");
    if (earlierBase == null) earlierBase = systemProperty.apply("jboss.server.data.dir");
    Path earlier = earlierBase == null ? null : Path.of(earlierBase, "data", "ai-router");
    if (earlier != null && !earlier.equals(chosen.path()) && Files.isDirectory(earlier)) {
      return new DataDirectory(earlier, "where earlier versions put it on this server; set airouter.data-dir to keep it"
          + " there, or move it to " + chosen.path());
    }
    return chosen;
  }

  private static DataDirectory serverDataDir(UnaryOperator<String> systemProperty) {
    boolean glassFishFamily = systemProperty.apply("com.sun.aas.instanceRoot") != null
        || systemProperty.apply("com.sun.aas.installRoot") != null;
    if (!glassFishFamily) {
      String tomcat = systemProperty.apply("catalina.base");
      if (tomcat != null) return new DataDirectory(Path.of(tomcat, "data", "ai-router"), "Tomcat's $CATALINA_BASE/data");
      String wildFly = systemProperty.apply("jboss.server.data.dir");
      if (wildFly != null) return new DataDirectory(Path.of(wildFly, "ai-router"), "WildFly's jboss.server.data.dir");
    }
    return new DataDirectory(Path.of(systemProperty.apply("user.home"), ".ai-router"), "the user's home");
  }

  static String envName(String name) {
    return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static long parseLong(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Setting " + name + " must be a whole number, got '" + value + "'", e);
    }
  }
}
