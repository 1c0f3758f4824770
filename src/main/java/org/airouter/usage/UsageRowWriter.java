package org.airouter.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

/**
 * Inserts raw usage rows as one JDBC batch. Plain JDBC, not entities: under load a row is written for every request,
 * and Hibernate's per-entity work (persistence context, dirty checks, reflective property access) was most of the
 * cost of writing them (bench/README.md, "Where the time goes").
 *
 * <p>Ids come from {@code usage_record_seq} the way Hibernate's pooled-lo optimizer takes them: each call to the
 * sequence reserves the block {@code [value, value + 50)}, so writers in several router instances never collide.
 */
final class UsageRowWriter {
  static final int ID_BLOCK = 50;   // the sequence's increment (V2__usage.sql)
  private static final String INSERT = """
      insert into usage_record (id, at, key_id, route_id, model, upstream_model, endpoint, status, error_code,
        first_byte_ms, total_ms, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, flags, request_id,
        target, attempts, cost_nanos)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  private final String nextIdBlock;
  private long nextId;
  private long blockEnd;   // exclusive; nextId == blockEnd means a new block is needed

  /** @param nextIdBlock the vendor's query for the sequence's next value */
  UsageRowWriter(String nextIdBlock) { this.nextIdBlock = nextIdBlock; }

  /** Called by one thread at a time (the recorder's flush). */
  void insert(Connection connection, List<UsageRecord> records) throws SQLException {
    if (records.isEmpty()) return;
    // The datetime column of MariaDB has no zone: every vendor gets UTC, as Hibernate does (hibernate.jdbc.time_zone).
    Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (UsageRecord r : records) {
        insert.setLong(1, nextId(connection));
        insert.setTimestamp(2, Timestamp.from(r.at()), utc);
        insert.setLong(3, r.keyId());
        insert.setLong(4, r.routeId());
        insert.setString(5, r.model() == null ? "" : r.model());   // fitted to its column by the record
        // Only when it differs: most routes do not rewrite, and every byte here is multiplied by every request.
        String upstream = r.upstreamModel() == null || r.upstreamModel().equals(r.model()) ? null
            : r.upstreamModel();
        if (upstream == null) insert.setNull(6, Types.VARCHAR); else insert.setString(6, upstream);
        insert.setString(7, r.endpoint());
        insert.setShort(8, (short) r.status());
        if (r.errorCode() == null) insert.setNull(9, Types.VARCHAR); else insert.setString(9, r.errorCode());
        insert.setInt(10, r.firstByteMs());
        insert.setInt(11, r.totalMs());
        insert.setInt(12, r.tokens().prompt());
        insert.setInt(13, r.tokens().completion());
        insert.setInt(14, r.tokens().cached());
        insert.setInt(15, r.tokens().reasoning());
        insert.setShort(16, (short) r.flags());
        insert.setString(17, r.requestId());
        if (r.target() == null) insert.setNull(18, Types.VARCHAR); else insert.setString(18, r.target());
        if (r.attempts() <= 0) insert.setNull(19, Types.SMALLINT); else insert.setShort(19, (short) r.attempts());
        insert.setLong(20, r.cost().nanos());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private long nextId(Connection connection) throws SQLException {
    if (nextId == blockEnd) {
      try (PreparedStatement next = connection.prepareStatement(nextIdBlock); ResultSet rs = next.executeQuery()) {
        rs.next();
        nextId = rs.getLong(1);
        blockEnd = nextId + ID_BLOCK;
      }
    }
    return nextId++;
  }
}
