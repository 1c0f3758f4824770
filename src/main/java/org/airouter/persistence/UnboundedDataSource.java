package org.airouter.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Hands out the pool's connections with no network timeout (JDBC 4.1 {@code setNetworkTimeout(…, 0)}). */
final class UnboundedDataSource implements DataSource {
  private final DataSource pool;

  UnboundedDataSource(DataSource pool) { this.pool = pool; }

  @Override public Connection getConnection() throws SQLException { return unbounded(pool.getConnection()); }

  @Override public Connection getConnection(String user, String password) throws SQLException {
    return unbounded(pool.getConnection(user, password));
  }

  private static Connection unbounded(Connection connection) throws SQLException {
    try {
      connection.setNetworkTimeout(Runnable::run, 0);
    } catch (SQLFeatureNotSupportedException | AbstractMethodError notSupported) {
      // H2 embedded: there is no network to wait on
    }
    return connection;
  }

  @Override public PrintWriter getLogWriter() throws SQLException { return pool.getLogWriter(); }
  @Override public void setLogWriter(PrintWriter out) throws SQLException { pool.setLogWriter(out); }
  @Override public void setLoginTimeout(int seconds) throws SQLException { pool.setLoginTimeout(seconds); }
  @Override public int getLoginTimeout() throws SQLException { return pool.getLoginTimeout(); }
  @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { return pool.getParentLogger(); }
  @Override public <T> T unwrap(Class<T> type) throws SQLException { return pool.unwrap(type); }
  @Override public boolean isWrapperFor(Class<?> type) throws SQLException { return pool.isWrapperFor(type); }
}
