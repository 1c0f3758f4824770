package org.airouter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.airouter.config.Settings;

/**
 * Where the data lives, first match wins: a container DataSource by JNDI name, a JDBC URL from settings, or the
 * embedded default (an H2 file in the data directory).
 */
public final class Database implements AutoCloseable {
  static final String DEFAULT_JNDI = "java:comp/env/jdbc/airouter";

  private final DataSource dataSource;
  private final Vendor vendor;
  private final String description;
  private final AutoCloseable owned;

  private Database(DataSource dataSource, String description, AutoCloseable owned) throws SQLException {
    this.dataSource = dataSource;
    this.description = description;
    this.owned = owned;
    try (Connection c = dataSource.getConnection()) {
      this.vendor = Vendor.of(c.getMetaData().getDatabaseProductName());
    }
  }

  public static Database open(Settings settings) throws SQLException {
    Optional<DataSource> jndi = lookup(settings.get("airouter.datasource", DEFAULT_JNDI),
        settings.get("airouter.datasource").isPresent());
    if (jndi.isPresent()) return new Database(jndi.get(), "JNDI " + settings.get("airouter.datasource", DEFAULT_JNDI), null);
    String url = settings.get("airouter.jdbc-url").orElseGet(() -> embeddedUrl(settings.dataDir()));
    return pooled(url, settings.get("airouter.jdbc-user", null), settings.get("airouter.jdbc-password", null),
        settings.getInt("airouter.jdbc-pool-size", 10));
  }

  /** A pool of our own over a JDBC URL. */
  public static Database pooled(String url, String user, String password, int poolSize) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setDriverClassName(driverFor(url));   // Hikari inside a WAR does not find bundled drivers by itself
    if (user != null) config.setUsername(user);
    if (password != null) config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("ai-router");
    config.setInitializationFailTimeout(-1);     // start even if the database is down; the proxy serves from memory
    HikariDataSource pool = new HikariDataSource(config);
    try {
      return new Database(pool, redact(url), pool);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.resolve("ai-router").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  public DataSource dataSource() { return dataSource; }

  public Vendor vendor() { return vendor; }

  public String description() { return description; }

  @Override public void close() throws Exception {
    if (owned != null) owned.close();
  }

  private static Optional<DataSource> lookup(String name, boolean explicit) {
    try {
      return Optional.of((DataSource) new InitialContext().lookup(name));
    } catch (NamingException | RuntimeException e) {
      if (explicit) throw new IllegalStateException("no DataSource at JNDI name " + name, e);
      return Optional.empty();
    }
  }

  private static String driverFor(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:h2:")) return "org.h2.Driver";
    if (u.startsWith("jdbc:postgresql:")) return "org.postgresql.Driver";
    if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) return "org.mariadb.jdbc.Driver";
    throw new IllegalArgumentException("unsupported JDBC URL (H2, PostgreSQL and MariaDB are): " + redact(url));
  }

  /** JDBC URLs may carry a password; logs get the URL without its query. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
  }

  /** The databases whose migrations we ship. */
  public enum Vendor {
    H2, POSTGRESQL, MARIADB;

    static Vendor of(String productName) {
      String p = productName.toLowerCase(Locale.ROOT);
      if (p.contains("h2")) return H2;
      if (p.contains("postgres")) return POSTGRESQL;
      if (p.contains("mariadb") || p.contains("mysql")) return MARIADB;
      throw new IllegalStateException("unsupported database: " + productName);
    }
  }

}
