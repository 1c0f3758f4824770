package org.airouter.persistence;

import org.airouter.config.Settings;

/**
 * How long the router waits on its database, so a connection the network strands fails instead of holding a
 * background job for ever (a TCP connection whose peer vanished blocks a read without end).
 *
 * @param connectMs waiting for a connection: from the pool, and for a new one (TCP connect and login)
 * @param socketMs  waiting for any answer on an open connection; the bound on a stranded one
 * @param queryMs   a JPA statement's own limit (JDBC query timeout), for statements that are slow rather than lost
 */
public record DatabaseTimeouts(long connectMs, long socketMs, long queryMs) {
  public static final DatabaseTimeouts DEFAULTS = new DatabaseTimeouts(5_000, 30_000, 15_000);

  /** Pool connections are replaced after this long, and idle ones are tested this often (HikariCP's own minimums: 30 s). */
  static final long MAX_LIFETIME_MS = 600_000;
  static final long KEEPALIVE_MS = 60_000;

  public DatabaseTimeouts {
    if (connectMs < 250) throw new IllegalArgumentException("airouter.db-connect-timeout-ms must be at least 250");
    if (socketMs < 1) throw new IllegalArgumentException("airouter.db-socket-timeout-ms must be positive");
    if (queryMs < 0) throw new IllegalArgumentException("airouter.db-query-timeout-ms must not be negative");
  }

  public static DatabaseTimeouts from(Settings settings) {
    return new DatabaseTimeouts(settings.getLong("airouter.db-connect-timeout-ms", DEFAULTS.connectMs),
        settings.getLong("airouter.db-socket-timeout-ms", DEFAULTS.socketMs),
        settings.getLong("airouter.db-query-timeout-ms", DEFAULTS.queryMs));
  }

  /** Testing a pooled connection before handing it out: within the connect wait, and never long. */
  long validationMs() { return Math.max(250, Math.min(2_000, connectMs / 2)); }

  /** PostgreSQL's driver counts in whole seconds; round up so a small setting never becomes 0 (no limit). */
  static String seconds(long ms) { return Long.toString(Math.max(1, (ms + 999) / 1000)); }
}
