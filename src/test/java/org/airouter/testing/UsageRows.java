package org.airouter.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.h2.Driver;

/** Reads the router's usage tables from its H2 file, the way an operator's SQL would (ITs cannot use the app's classes). */
public final class UsageRows {
  private final String jdbcUrl;

  public UsageRows(String jdbcUrl) { this.jdbcUrl = jdbcUrl; }

  /** An H2 URL in this data dir that the app and the test can both open (AUTO_SERVER). */
  public static String sharedH2Url(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.resolve("airouter-it").toAbsolutePath() + ";AUTO_SERVER=TRUE";
  }

  public List<Map<String, Object>> query(String sql) {
    Properties credentials = new Properties();
    credentials.setProperty("user", "sa");
    credentials.setProperty("password", "");
    try (Connection db = new Driver().connect(jdbcUrl, credentials);
         Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) row.put(meta.getColumnLabel(i).toLowerCase(), rs.getObject(i));
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The raw usage rows, oldest first. */
  public List<Map<String, Object>> records() { return query("select * from usage_record order by id"); }

  /** Waits until there are at least {@code n} raw rows (the app writes them in batches, off the request). */
  public List<Map<String, Object>> awaitRecords(int n, Duration patience) throws InterruptedException {
    return Poll.until(patience, this::records, rows -> rows.size() >= n);
  }
}
