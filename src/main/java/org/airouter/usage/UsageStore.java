package org.airouter.usage;

import jakarta.persistence.EntityManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.airouter.persistence.Jpa;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;

/** Writes usage: a batch of raw rows and the rollup deltas, in one transaction. */
public class UsageStore {
  private final Jpa jpa;
  private UsageRowWriter rows;

  public UsageStore(Jpa jpa) { this.jpa = jpa; }

  /** All or nothing: on failure nothing was written and the caller keeps what it passed. Not concurrently. */
  public void write(List<UsageRecord> records, Map<RollupKey, RollupDelta> deltas) {
    jpa.run(em -> {
      Session session = em.unwrap(Session.class);
      UsageRowWriter writer = rows(session);
      session.doWork(connection -> {
        try {
          writer.insert(connection, records);
        } catch (SQLException e) {
          // Not Hibernate's to convert: it would log the driver's message, which quotes the refused row's values.
          throw new RowsRefused(e);
        }
      });
      deltas.forEach((key, delta) -> add(em, "usage_hourly", "hour_start", key, delta));
      daily(deltas).forEach((key, delta) -> add(em, "usage_daily", "day_start", key, delta));
    });
  }

  /** The raw rows' insert failed; the cause says why (the recorder reads its SQLState). */
  static final class RowsRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RowsRefused(SQLException cause) { super("usage rows not written: SQLState " + cause.getSQLState(), cause); }
  }

  private UsageRowWriter rows(Session session) {
    if (rows == null) {
      String nextValue = session.getSessionFactory().unwrap(SessionFactoryImplementor.class).getJdbcServices()
          .getDialect().getSequenceSupport().getSequenceNextValString("usage_record_seq");
      rows = new UsageRowWriter(nextValue);
    }
    return rows;
  }

  /** The hourly deltas summed by UTC day (keyed by the day's start). */
  private static Map<RollupKey, RollupDelta> daily(Map<RollupKey, RollupDelta> hourly) {
    Map<RollupKey, RollupDelta> days = new HashMap<>();
    hourly.forEach((key, delta) -> days.merge(
        new RollupKey(key.start().truncatedTo(ChronoUnit.DAYS), key.keyId(), key.routeId(), key.model()),
        delta, RollupDelta::plus));
    return days;
  }

  /** Deletes raw rows older than the cut-off, a slice at a time so no transaction grows large. */
  public int purgeBefore(Instant cutoff, int slice) {
    int total = 0;
    while (true) {
      int deleted = jpa.inTransaction(em -> {
        List<?> ids = em.createNativeQuery("select id from usage_record where at < ?1")
            .setParameter(1, cutoff).setMaxResults(slice).getResultList();
        if (ids.isEmpty()) return 0;
        return em.createNativeQuery("delete from usage_record where id in (?1)").setParameter(1, ids).executeUpdate();
      });
      total += deleted;
      if (deleted < slice) return total;
    }
  }

  /**
   * Adds to the cell, creating it if absent. Portable on H2, PostgreSQL and MariaDB (no vendor upsert); a cell created
   * by another instance at the same moment makes this transaction fail, and the caller retries the whole batch.
   */
  private static void add(EntityManager em, String table, String startColumn, RollupKey key, RollupDelta d) {
    int updated = em.createNativeQuery("update " + table + """
             set requests = requests + ?1, errors = errors + ?2, client_gone = client_gone + ?3,
              prompt_tokens = prompt_tokens + ?4, completion_tokens = completion_tokens + ?5,
              cached_tokens = cached_tokens + ?6, reasoning_tokens = reasoning_tokens + ?7,
              total_ms_sum = total_ms_sum + ?8, total_ms_max = greatest(total_ms_max, ?9),
              first_byte_ms_sum = first_byte_ms_sum + ?10, cost_nanos = cost_nanos + ?15, unpriced = unpriced + ?16
            """ + " where " + startColumn + " = ?11 and key_id = ?12 and route_id = ?13 and model = ?14")
        .setParameter(1, d.requests()).setParameter(2, d.errors()).setParameter(3, d.clientGone())
        .setParameter(4, d.promptTokens()).setParameter(5, d.completionTokens()).setParameter(6, d.cachedTokens())
        .setParameter(7, d.reasoningTokens()).setParameter(8, d.totalMsSum()).setParameter(9, d.totalMsMax())
        .setParameter(10, d.firstByteMsSum()).setParameter(11, key.start()).setParameter(12, key.keyId())
        .setParameter(13, key.routeId()).setParameter(14, key.model())
        .setParameter(15, d.costNanos()).setParameter(16, d.unpriced())
        .executeUpdate();
    if (updated > 0) return;
    em.createNativeQuery("insert into " + table + " (" + startColumn + """
            , key_id, route_id, model, requests, errors, client_gone, prompt_tokens,
              completion_tokens, cached_tokens, reasoning_tokens, total_ms_sum, total_ms_max, first_byte_ms_sum,
              cost_nanos, unpriced)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)""")
        .setParameter(1, key.start()).setParameter(2, key.keyId()).setParameter(3, key.routeId())
        .setParameter(4, key.model()).setParameter(5, d.requests()).setParameter(6, d.errors())
        .setParameter(7, d.clientGone()).setParameter(8, d.promptTokens()).setParameter(9, d.completionTokens())
        .setParameter(10, d.cachedTokens()).setParameter(11, d.reasoningTokens()).setParameter(12, d.totalMsSum())
        .setParameter(13, d.totalMsMax()).setParameter(14, d.firstByteMsSum())
        .setParameter(15, d.costNanos()).setParameter(16, d.unpriced())
        .executeUpdate();
  }
}
