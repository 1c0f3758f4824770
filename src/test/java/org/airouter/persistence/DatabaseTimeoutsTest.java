package org.airouter.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.ScratchDatabase;
import org.airouter.testing.TcpProxy;
import org.airouter.testing.TimeBound;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Tag;

/**
 * The pool and the driver give up on a database the network has cut (a TCP proxy black-holes it) within the
 * configured timeouts, instead of blocking the caller for ever, and work again once it is back.
 */
@Tag("db")
class DatabaseTimeoutsTest {
  static final DatabaseTimeouts SHORT = new DatabaseTimeouts(1_000, 1_000, 1_000);
  static final Duration PATIENCE = Duration.ofSeconds(8);   // several times every timeout above, far below "for ever"

  @ParameterizedTest
  @EnumSource(value = DatabaseTarget.class, names = {"POSTGRESQL", "MARIADB"})
  void aStrandedConnectionAndANewOneFailWithinTheTimeoutsAndTheDatabaseIsUsableAgainAfter(DatabaseTarget target)
      throws Exception {
    try (ScratchDatabase scratch = target.create(); TcpProxy proxy = TcpProxy.to("127.0.0.1", port(scratch));
         Database database = Database.pooled(proxy.jdbcUrl(scratch.url()), scratch.user(), scratch.password(), 2, SHORT)) {
      try (Connection held = database.dataSource().getConnection()) {
        try {
          assertEquals(1, selectOne(held));

          proxy.mode(TcpProxy.Mode.BLACK_HOLE);

          long started = System.nanoTime();
          assertTimeoutPreemptively(PATIENCE, () -> assertThrows(SQLException.class, () -> selectOne(held)),
              "a read on a stranded connection must end with the socket timeout");
          assertTrue(elapsedMs(started) >= 900, "not before the socket timeout: " + elapsedMs(started) + " ms");
        } catch (Throwable failed) {
          proxy.close();   // else returning the stranded connection to the pool would hang the test's way out
          throw failed;
        }
      }
      long started = System.nanoTime();
      assertTimeoutPreemptively(PATIENCE, () -> assertThrows(SQLException.class, () -> {
        try (Connection c = database.dataSource().getConnection()) {
          selectOne(c);
        }
      }), "asking the pool for a connection must end with the connect timeout");
      // Blocked for ever is what this guards against: the connect timeout's bound tells it apart on a loaded machine.
      assertTrue(elapsedMs(started) < TimeBound.ofMillis(SHORT.connectMs()).toMillis(),
          "the connect timeout is 1 s: " + elapsedMs(started) + " ms");

      proxy.mode(TcpProxy.Mode.PASS);
      assertTimeoutPreemptively(PATIENCE, () -> {
        try (Connection c = database.dataSource().getConnection()) {
          assertEquals(1, selectOne(c));
        }
      });
    }
  }

  @ParameterizedTest
  @EnumSource(value = DatabaseTarget.class, names = {"POSTGRESQL", "MARIADB"})
  void aSlowJpaQueryEndsWithTheQueryTimeout(DatabaseTarget target) throws Exception {
    DatabaseTimeouts timeouts = new DatabaseTimeouts(1_000, 30_000, 1_000);   // the socket timeout is not what ends it
    String sleep = target == DatabaseTarget.POSTGRESQL ? "select pg_sleep(20)" : "select sleep(20) from dual";
    try (ScratchDatabase scratch = target.create();
         Database database = Database.pooled(scratch.url(), scratch.user(), scratch.password(), 2, timeouts);
         Jpa jpa = new Jpa(database, List.of())) {
      long started = System.nanoTime();
      assertTimeoutPreemptively(PATIENCE, () -> {
        try {
          Object result = jpa.read(em -> em.createNativeQuery(sleep).getSingleResult());
          // MariaDB ends an interrupted sleep() with 1 instead of an error; either way it ended early
          assertEquals("1", String.valueOf(result), "ended early without an error must be MariaDB's interrupted sleep");
        } catch (RuntimeException timedOut) {
          // the JDBC query timeout, as a JPA exception
        }
      });
      // The query sleeps 20 s: within the query timeout's bound, the timeout ended it.
      assertTrue(elapsedMs(started) < TimeBound.ofMillis(timeouts.queryMs()).toMillis(),
          "the query timeout is 1 s: " + elapsedMs(started) + " ms");
    }
  }

  static int port(ScratchDatabase scratch) {
    return Integer.parseInt(scratch.url().replaceFirst("^jdbc:[a-z]+://[^:/]+:(\\d+)/.*$", "$1"));
  }

  static int selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static long elapsedMs(long startedNanos) { return (System.nanoTime() - startedNanos) / 1_000_000; }
}
