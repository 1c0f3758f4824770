package org.airouter.testing;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.airouter.persistence.Database;

/** One throw-away database on one server; closing drops it. */
public final class ScratchDatabase implements AutoCloseable {
  private final DatabaseTarget target;
  private final String url;
  private final String user;
  private final String password;
  private final Runnable drop;

  ScratchDatabase(DatabaseTarget target, String url, String user, String password, Runnable drop) {
    this.target = target;
    this.url = url;
    this.user = user;
    this.password = password;
    this.drop = drop;
  }

  public DatabaseTarget target() { return target; }

  public String url() { return url; }

  public String user() { return user; }

  /** The database's name (the last part of its URL). */
  public String name() { return url.substring(url.lastIndexOf('/') + 1); }

  /** Runs one statement as the admin user, e.g. to create a user of the router's own. */
  public void execute(String sql) { DatabaseTarget.execute(url, user, password, sql); }

  public String password() { return password; }

  /** A pool over this database, as the router makes one from a JDBC URL. */
  public Database pooled() throws SQLException { return Database.pooled(url, user, password, 4); }

  /** Runs one statement on a connection of its own: for looking at raw rows behind JPA's back. */
  public <T> T query(String sql, SqlFunction<ResultSet, T> reader) {
    try (var c = DriverManager.getConnection(url, user, password);
         var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      return reader.apply(rs);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }

  @Override public void close() { drop.run(); }

  @FunctionalInterface
  public interface SqlFunction<A, T> {
    T apply(A a) throws SQLException;
  }
}
