package org.airouter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
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
  private final DatabaseTimeouts timeouts;

  private Database(DataSource dataSource, String description, AutoCloseable owned, DatabaseTimeouts timeouts)
      throws SQLException {
    this.dataSource = dataSource;
    this.description = description;
    this.owned = owned;
    this.timeouts = timeouts;
    try (Connection c = dataSource.getConnection()) {
      this.vendor = Vendor.of(c.getMetaData().getDatabaseProductName());
    }
  }

  public static Database open(Settings settings) throws SQLException {
    Optional<DataSource> jndi = lookup(settings.get("airouter.datasource", DEFAULT_JNDI),
        settings.get("airouter.datasource").isPresent());
    DatabaseTimeouts timeouts = DatabaseTimeouts.from(settings);
    if (jndi.isPresent()) {   // the container's pool carries its own timeouts (server-config/); ours is the query timeout
      return new Database(jndi.get(), "JNDI " + settings.get("airouter.datasource", DEFAULT_JNDI), null, timeouts);
    }
    String url = settings.get("airouter.jdbc-url").orElseGet(() -> embeddedUrl(settings.dataDir()));
    return pooled(url, settings.get("airouter.jdbc-user", null), settings.get("airouter.jdbc-password", null),
        settings.getInt("airouter.jdbc-pool-size", 10), timeouts);
  }

  /** A pool of our own over a JDBC URL, with the default timeouts. */
  public static Database pooled(String url, String user, String password, int poolSize) throws SQLException {
    return pooled(url, user, password, poolSize, DatabaseTimeouts.DEFAULTS);
  }

  /** A pool of our own over a JDBC URL. Timeouts given in the URL itself win over these. */
  public static Database pooled(String url, String user, String password, int poolSize, DatabaseTimeouts timeouts)
      throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setDriverClassName(driverFor(url));   // Hikari inside a WAR does not find bundled drivers by itself
    if (user != null) config.setUsername(user);
    if (password != null) config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("ai-router");
    config.setInitializationFailTimeout(-1);     // start even if the database is down; the proxy serves from memory
    config.setConnectionTimeout(timeouts.connectMs());
    config.setValidationTimeout(timeouts.validationMs());
    config.setMaxLifetime(DatabaseTimeouts.MAX_LIFETIME_MS);
    config.setKeepaliveTime(DatabaseTimeouts.KEEPALIVE_MS);
    driverTimeouts(url, timeouts).forEach(config::addDataSourceProperty);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      return new Database(pool, redact(url), pool, timeouts);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.resolve("ai-router").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /**
   * The driver's own limits, passed as connection properties (a value in the URL wins): without a socket timeout a
   * read on a connection whose peer vanished never returns. H2 here is embedded: no network, nothing to set.
   */
  static Map<String, String> driverTimeouts(String url, DatabaseTimeouts timeouts) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:")) {
      return Map.of("connectTimeout", DatabaseTimeouts.seconds(timeouts.connectMs()),
          "loginTimeout", DatabaseTimeouts.seconds(timeouts.connectMs()),
          "socketTimeout", DatabaseTimeouts.seconds(timeouts.socketMs()));
    }
    if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
      return Map.of("connectTimeout", Long.toString(timeouts.connectMs()),
          "socketTimeout", Long.toString(timeouts.socketMs()));
    }
    return Map.of();
  }

  public DataSource dataSource() { return dataSource; }

  /**
   * For migrations only: connections of our pool without the socket timeout, since a migration that rewrites a large
   * table may rightly take longer, and MariaDB cannot roll back DDL cut off half-way. The pool restores the timeout
   * when the connection comes back. A container's pool is left as its operator set it.
   */
  public DataSource unboundedDataSource() {
    return owned == null ? dataSource : new UnboundedDataSource(dataSource);
  }

  public DatabaseTimeouts timeouts() { return timeouts; }

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
