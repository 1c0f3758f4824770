package org.airouter.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The databases the router supports, each able to make a fresh, uniquely named database for one test class. H2 is
 * in memory and always there; PostgreSQL and MariaDB are the local servers, and a test that needs an unreachable one
 * is skipped (or fails, with airouter.require-all=true) via {@link Requirements}.
 */
public enum DatabaseTarget {
  H2 {
    @Override ScratchDatabase createIn(String name) {
      String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
      return new ScratchDatabase(this, url, null, null, () -> execute(url, null, null, "shutdown"));
    }
  },
  POSTGRESQL {
    @Override ScratchDatabase createIn(String name) {
      String admin = "jdbc:postgresql://127.0.0.1:5432/test";
      String user = firstUserThatConnects(admin, List.of("postgres", "root"), "");
      execute(admin, user, "", "create database " + name);
      return new ScratchDatabase(this, "jdbc:postgresql://127.0.0.1:5432/" + name, user, "",
          () -> execute(admin, user, "", "drop database if exists " + name + " with (force)"));
    }
  },
  MARIADB {
    @Override ScratchDatabase createIn(String name) {
      String admin = "jdbc:mariadb://127.0.0.1:3306/test";
      String user = firstUserThatConnects(admin, List.of("root"), "");
      execute(admin, user, "", "create database " + name + " character set utf8mb4 collate utf8mb4_unicode_ci");
      return new ScratchDatabase(this, "jdbc:mariadb://127.0.0.1:3306/" + name, user, "",
          () -> execute(admin, user, "", "drop database if exists " + name));
    }
  };

  static {
    DriverManager.setLoginTimeout(5);
    // Register the drivers from this class loader. DriverManager scans for drivers only once per JVM, with whatever
    // context class loader is current: in an IT JVM that can be a deployed WAR's, whose drivers are gone after undeploy.
    for (String driver : List.of("org.h2.Driver", "org.postgresql.Driver", "org.mariadb.jdbc.Driver")) {
      try {
        Class.forName(driver, true, DatabaseTarget.class.getClassLoader());
      } catch (ClassNotFoundException absent) {
        // not on this class path: a test that needs it reports the database as unreachable
      }
    }
  }

  public static Stream<DatabaseTarget> all() { return Stream.of(values()); }

  /** A new empty database, dropped when the result is closed; requires the server to be reachable. */
  public ScratchDatabase create() {
    String name = "airouter_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      return createIn(name);
    } catch (Unreachable e) {
      Requirements.require(false, e.getMessage());
      throw e;   // not reached: require aborts or fails
    }
  }

  abstract ScratchDatabase createIn(String name);

  String firstUserThatConnects(String url, List<String> users, String password) {
    SQLException last = null;
    for (String user : users) {
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        return user;
      } catch (SQLException e) {
        last = e;
      }
    }
    String where = url.replaceFirst("^jdbc:[a-z]+://", "").replaceFirst("/.*", "");
    String vendor = this == POSTGRESQL ? "PostgreSQL" : this == MARIADB ? "MariaDB" : name();
    throw new Unreachable(vendor + " not reachable at " + where + " (users " + users + ", db test): "
        + (last == null ? "?" : last.getMessage()));
  }

  static void execute(String url, String user, String password, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " on " + url + " failed: " + e.getMessage(), e);
    }
  }

  /** Lower-case name, as in JUnit display names. */
  @Override public String toString() { return name().toLowerCase(Locale.ROOT); }

  private static final class Unreachable extends RuntimeException {
    Unreachable(String message) { super(message); }
  }
}
