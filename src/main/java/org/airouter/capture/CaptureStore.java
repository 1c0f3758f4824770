package org.airouter.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code capture} table, in plain JDBC: bodies are long text, whose column type differs by database (a
 * placeholder in the migration), and times are epoch milliseconds, so nothing here depends on a vendor's mapping.
 */
public class CaptureStore {
  private static final String SUMMARY = "id, at_ms, request_id, route, client_key, endpoint, model, stream, status,"
      + " error_code, request_bytes, request_truncated, answer_bytes, answer_truncated";

  private final DataSource data;

  public CaptureStore(DataSource data) { this.data = data; }

  public void insert(CaptureRecord r) throws SQLException {
    try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement("insert into capture ("
        + SUMMARY + ", request_body, answer_body) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      CaptureRecord.Bodies b = r.bodies();
      s.setString(1, r.id());
      s.setLong(2, r.at().toEpochMilli());
      s.setString(3, cut(r.requestId(), 64));
      s.setString(4, cut(r.route(), 100));
      s.setString(5, cut(r.key(), 100));
      s.setString(6, cut(r.endpoint(), 100));
      s.setString(7, cut(r.model(), 200));
      s.setBoolean(8, r.stream());
      s.setInt(9, r.status());
      s.setString(10, cut(r.errorCode(), 100));
      s.setLong(11, b.requestBytes());
      s.setBoolean(12, b.requestTruncated());
      s.setLong(13, b.answerBytes());
      s.setBoolean(14, b.answerTruncated());
      s.setString(15, b.request());
      s.setString(16, b.answer());
      s.executeUpdate();
      if (!c.getAutoCommit()) c.commit();
    }
  }

  public record Page(List<CaptureRecord> captures, long total, int offset, int limit) {}

  /** Newest first, without bodies. */
  public Page page(CaptureFilter filter, int offset, int limit) throws SQLException {
    List<Object> params = new ArrayList<>();
    String where = filter.where(params);
    try (Connection c = data.getConnection()) {
      long total;
      try (PreparedStatement s = c.prepareStatement("select count(*) from capture" + where)) {
        bind(s, params);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      List<CaptureRecord> list = new ArrayList<>();
      // Paged in Java past the offset: portable across the three databases, and pages are small.
      try (PreparedStatement s = c.prepareStatement("select " + SUMMARY + " from capture" + where
          + " order by at_ms desc, id desc")) {
        bind(s, params);
        s.setMaxRows(offset + limit);
        try (ResultSet rs = s.executeQuery()) {
          int row = 0;
          while (rs.next()) {
            if (row++ >= offset) list.add(read(rs, false));
          }
        }
      }
      return new Page(list, total, offset, limit);
    }
  }

  public Optional<CaptureRecord> get(String id) throws SQLException {
    try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement("select " + SUMMARY
        + ", request_body, answer_body from capture where id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(read(rs, true)) : Optional.empty();
      }
    }
  }

  /** @return whether there was such a capture */
  public boolean delete(String id) throws SQLException {
    try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
        "delete from capture where id = ?")) {
      s.setString(1, id);
      int n = s.executeUpdate();
      if (!c.getAutoCommit()) c.commit();
      return n > 0;
    }
  }

  /** Deletes every capture the filter matches; returns how many. */
  public int delete(CaptureFilter filter) throws SQLException {
    List<Object> params = new ArrayList<>();
    String where = filter.where(params);
    try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement("delete from capture" + where)) {
      bind(s, params);
      int n = s.executeUpdate();
      if (!c.getAutoCommit()) c.commit();
      return n;
    }
  }

  /** Deletes the captures made before {@code cutoff}; returns how many. */
  public int deleteBefore(Instant cutoff) throws SQLException {
    try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
        "delete from capture where at_ms < ?")) {
      s.setLong(1, cutoff.toEpochMilli());
      int n = s.executeUpdate();
      if (!c.getAutoCommit()) c.commit();
      return n;
    }
  }

  private static CaptureRecord read(ResultSet rs, boolean bodies) throws SQLException {
    CaptureRecord.Bodies b = new CaptureRecord.Bodies(bodies ? rs.getString(15) : null, rs.getLong(11),
        rs.getBoolean(12), bodies ? rs.getString(16) : null, rs.getLong(13), rs.getBoolean(14));
    int status = rs.getInt(9);
    return new CaptureRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8), status, rs.getString(10), b);
  }

  private static void bind(PreparedStatement s, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) s.setObject(i + 1, params.get(i));
  }

  private static String cut(String s, int max) { return s == null || s.length() <= max ? s : s.substring(0, max); }
}
