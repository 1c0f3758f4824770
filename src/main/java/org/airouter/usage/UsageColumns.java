package org.airouter.usage;

/**
 * The one place that knows how long each stored usage text may be (the columns of V2__usage.sql; the rollups' model
 * column is the raw row's), and how a value is made to fit. Records are fitted when they are made, so the raw row,
 * the hourly and the daily rollup all store the same value and none can refuse what another accepted.
 */
final class UsageColumns {
  static final int MODEL = 200;
  static final int UPSTREAM_MODEL = 200;
  static final int ENDPOINT = 100;
  static final int ERROR_CODE = 64;
  static final int REQUEST_ID = 40;
  static final int TARGET = 100;

  private UsageColumns() {}

  /**
   * The value cut to {@code max} UTF-16 units without splitting a surrogate pair (so it is also at most {@code max}
   * characters on every database, whichever of the two each counts), NUL replaced (PostgreSQL refuses it in text).
   * The same string when it already fits: nothing allocated on the common path.
   */
  static String fit(String value, int max) {
    if (value == null) return null;
    String s = value;
    if (s.length() > max) {
      int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
      s = s.substring(0, end);
    }
    return s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
  }
}
