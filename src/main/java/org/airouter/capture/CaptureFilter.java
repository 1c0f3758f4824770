package org.airouter.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which captures a listing or a bulk delete means: a route's name, a key's name and a status ({@code 429}) or status
 * class ({@code 4xx}); null for any.
 */
public record CaptureFilter(String route, String key, Integer statusFrom, Integer statusTo) {
  public static final CaptureFilter ALL = new CaptureFilter(null, null, null, null);

  /** Thrown for a status that is neither a code (100–599) nor a class (1xx–5xx). */
  public static final class InvalidStatus extends IllegalArgumentException {
    private final String detail;

    public InvalidStatus(String status) {
      super("status: a code such as 429 or a class such as 4xx, not " + status);
      this.detail = "a code such as 429 or a class such as 4xx, not " + status;
    }

    /** The message without the field's name, for a {@link org.airouter.validation.Problem}. */
    public String detail() { return detail; }
  }

  /** Blank values mean any. */
  public static CaptureFilter of(String route, String key, String status) {
    Integer from = null;
    Integer to = null;
    String s = blank(status) == null ? null : status.trim().toLowerCase(Locale.ROOT);
    if (s != null) {
      if (s.matches("[1-5]xx")) {
        from = (s.charAt(0) - '0') * 100;
        to = from + 100;
      } else if (s.matches("[1-5][0-9][0-9]")) {
        from = Integer.parseInt(s);
        to = from + 1;
      } else {
        throw new InvalidStatus(status);
      }
    }
    return new CaptureFilter(blank(route), blank(key), from, to);
  }

  /** The status as it was given: {@code 429}, {@code 4xx}, or null. */
  public String status() {
    if (statusFrom == null) return null;
    return statusTo - statusFrom == 1 ? Integer.toString(statusFrom) : (statusFrom / 100) + "xx";
  }

  public boolean isAll() { return route == null && key == null && statusFrom == null; }

  /** The SQL condition (" where …", or "") and its parameters, in order. */
  String where(List<Object> params) {
    List<String> terms = new ArrayList<>();
    if (route != null) { terms.add("route = ?"); params.add(route); }
    if (key != null) { terms.add("client_key = ?"); params.add(key); }
    if (statusFrom != null) {
      terms.add("status >= ? and status < ?");
      params.add(statusFrom);
      params.add(statusTo);
    }
    return terms.isEmpty() ? "" : " where " + String.join(" and ", terms);
  }

  private static String blank(String s) { return s == null || s.isBlank() ? null : s.trim(); }
}
