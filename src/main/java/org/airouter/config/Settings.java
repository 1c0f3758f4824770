package org.airouter.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

  /** Where H2 files and generated secrets live. */
  public Path dataDir() {
    return get("airouter.data-dir").map(Path::of).orElseGet(() -> {
      String base = System.getProperty("catalina.base", System.getProperty("jboss.server.data.dir"));
      return base != null ? Path.of(base, "data", "ai-router") : Path.of(System.getProperty("user.home"), ".ai-router");
    });
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
