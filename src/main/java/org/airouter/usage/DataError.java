package org.airouter.usage;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells a write the database refused for what was in it (that will fail again however often it is retried) from one
 * that failed for the moment (connection lost, deadlock, a rollup cell created by another instance meanwhile).
 * Decided on the SQLState, which every driver sets: class 22 (data exception) and 23 (integrity constraint), except
 * a duplicate key, which is the rollups' race between instances and succeeds when retried.
 */
final class DataError {
  private static final int MARIADB_DUPLICATE_KEY = 1062;

  private DataError() {}

  static boolean is(Throwable failure) {
    SQLException e = sqlException(failure);
    if (e == null || e.getSQLState() == null) return false;
    String state = e.getSQLState();
    if (state.equals("23505") || e.getErrorCode() == MARIADB_DUPLICATE_KEY) return false;
    return state.startsWith("22") || state.startsWith("23");
  }

  /** What the database said, without its message (which may quote the refused value). */
  static String describe(Throwable failure) {
    SQLException e = sqlException(failure);
    return e == null ? failure.getClass().getSimpleName()
        : "SQLState " + e.getSQLState() + ", vendor code " + e.getErrorCode();
  }

  /** The most specific SQLException in the chain: a batch's own cause rather than the batch's summary. */
  private static SQLException sqlException(Throwable failure) {
    SQLException found = null;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, true) == null; ) {
      if (t instanceof SQLException sql) {
        if (found == null || sql.getSQLState() != null) found = sql;
        if (sql.getNextException() != null && sql.getCause() == null) {
          t = sql.getNextException();
          continue;
        }
      }
      t = t.getCause();
    }
    return found;
  }
}
