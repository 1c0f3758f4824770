package org.airouter.proxy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A MIME header value of the form {@code type; name=value; ...} (Content-Type, Content-Disposition) read as RFC 2045
 * §5.1 says: the type is a token (or token/token), each value a token or a quoted-string, parameter names compared
 * without case. Strict where parsers differ: no whitespace around {@code =}, no parameter twice, no RFC 2231
 * {@code name*} forms decoded (the caller decides whether one is allowed), so that no parameter reads one way here
 * and another upstream.
 */
record HeaderValue(String type, Map<String, Param> params) {
  private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

  /** One parameter: its value (quoted-pairs undone) and the characters as they stood between the quotes. */
  record Param(String value, String raw, boolean quoted) {
    boolean escaped() { return quoted && raw.indexOf('\\') >= 0; }
  }

  /** Thrown for a value that is not of the RFC 2045 form. */
  static final class Malformed extends Exception {
    Malformed(String message) { super(message, null, false, false); }
  }

  Param param(String name) { return params.get(name); }

  static HeaderValue parse(String value, boolean withSubtype) throws Malformed {
    Reader r = new Reader(value);
    r.space();
    String type = r.token();
    if (withSubtype) {
      if (!r.take('/')) throw new Malformed("expected type/subtype");
      type = type + "/" + r.token();
    }
    Map<String, Param> params = new LinkedHashMap<>();
    r.space();
    while (!r.end()) {
      if (!r.take(';')) throw new Malformed("expected ';' after '" + type + "'");
      r.space();
      if (r.end()) break;   // a trailing ';' is common and means nothing
      String name = r.token().toLowerCase(Locale.ROOT);
      if (!r.take('=')) throw new Malformed("parameter '" + name + "' has no '=' right after its name");
      Param param = r.peek() == '"' ? r.quoted() : new Param(r.token(), null, false);
      if (params.putIfAbsent(name, param) != null) throw new Malformed("parameter '" + name + "' given twice");
      r.space();
    }
    return new HeaderValue(type.toLowerCase(Locale.ROOT), params);
  }

  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) { this.s = s; }

    boolean end() { return i >= s.length(); }

    char peek() { return end() ? 0 : s.charAt(i); }

    boolean take(char c) {
      if (peek() != c || end()) return false;
      i++;
      return true;
    }

    void space() {
      while (!end() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
    }

    String token() throws Malformed {
      int start = i;
      while (!end() && isTokenChar(s.charAt(i))) i++;
      if (i == start) throw new Malformed("expected a token at character " + i);
      return s.substring(start, i);
    }

    Param quoted() throws Malformed {
      i++;   // the opening quote
      int start = i;
      StringBuilder value = new StringBuilder();
      while (!end()) {
        char c = s.charAt(i++);
        if (c == '"') return new Param(value.toString(), s.substring(start, i - 1), true);
        if (c == '\\') {
          if (end()) break;
          c = s.charAt(i++);
        }
        if (c == '\r' || c == '\n') throw new Malformed("line break in a quoted string");
        value.append(c);
      }
      throw new Malformed("unterminated quoted string");
    }
  }

  static boolean isTokenChar(char c) { return c > 0x20 && c < 0x7f && TSPECIALS.indexOf(c) < 0; }
}
