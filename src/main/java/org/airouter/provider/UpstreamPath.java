package org.airouter.provider;

import org.airouter.wire.OpenAiError;

/**
 * The rules for the parts of an upstream address a client chooses: the path (read from the raw request path, never
 * the container's decoded and normalised one), the query, and an Azure deployment named by the body's model.
 *
 * <p>A path segment, its percent-escapes decoded, may hold only ASCII letters, digits and
 * {@code - . _ ~ : @ ! $ & ' ( ) * + , =} (RFC 3986's pchar without ';'). None of these needs escaping, so the
 * decoded path is its own canonical encoding: the upstream reads exactly the segments the router read and routed.
 * Everything else is refused rather than repaired, since no OpenAI, Azure, Anthropic or Gemini path needs it: empty
 * segments, segments of dots ("..", "%2e%2e", "..."), encoded '/', '?', '#', '%' (double encoding), '\' and ';',
 * raw ';' (path parameters) and '\', spaces, control and non-ASCII characters, broken escapes.
 *
 * <p>One pass over the characters, no regex, and no allocation unless the path holds an escape.
 */
public final class UpstreamPath {
  private static final boolean[] SEGMENT = new boolean[128];
  private static final boolean[] QUERY = new boolean[128];
  private static final boolean[] DEPLOYMENT = new boolean[128];
  /** Azure's own limit for a deployment name. */
  static final int MAX_DEPLOYMENT = 64;

  static {
    for (char c = 'a'; c <= 'z'; c++) DEPLOYMENT[c] = true;
    for (char c = 'A'; c <= 'Z'; c++) DEPLOYMENT[c] = true;
    for (char c = '0'; c <= '9'; c++) DEPLOYMENT[c] = true;
    for (char c : "-._".toCharArray()) DEPLOYMENT[c] = true;
    System.arraycopy(DEPLOYMENT, 0, SEGMENT, 0, 128);
    for (char c : "~:@!$&'()*+,=".toCharArray()) SEGMENT[c] = true;
    System.arraycopy(SEGMENT, 0, QUERY, 0, 128);
    // ';' stays out of the query too: some servers still split parameters on it, and would see one we did not.
    QUERY['/'] = true;
    QUERY['?'] = true;
  }

  private UpstreamPath() {}

  /**
   * The canonical form of a raw request path: escapes of allowed characters decoded, everything else refused.
   *
   * @param raw the path as the client sent it (request URI without the context path), starting with '/'
   * @return the path the router routes on and sends upstream; {@code raw} itself when it held no escape
   * @throws InvalidTarget when the path breaks a rule (400, code {@code invalid_path})
   */
  public static String fromRaw(String raw) {
    int n = raw.length();
    if (n == 0 || raw.charAt(0) != '/') throw refused("it must start with '/'.");
    char[] decoded = null;   // only once an escape makes the canonical text differ from the raw one
    int out = 1;             // length of the canonical text so far
    int segmentStart = 1;
    boolean dotsOnly = true;
    for (int i = 1; i < n; i++) {
      char c = raw.charAt(i);
      if (c == '/') {
        endSegment(segmentStart, out, dotsOnly);
        if (decoded != null) decoded[out] = c;
        segmentStart = ++out;
        dotsOnly = true;
        continue;
      }
      if (c == '%') {
        int hi = i + 2 < n ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
        if (lo < 0) throw refused("it holds a broken percent-escape.");
        c = (char) (hi * 16 + lo);
        if (c >= 128 || !SEGMENT[c]) throw refused(encoded(c));
        if (decoded == null) {
          decoded = new char[n];
          raw.getChars(0, out, decoded, 0);   // no escape before here, so the prefix is the same
        }
        i += 2;
      } else if (c >= 128 || !SEGMENT[c]) {
        throw refused(plain(c));
      }
      if (decoded != null) decoded[out] = c;
      out++;
      if (c != '.') dotsOnly = false;
    }
    endSegment(segmentStart, out, dotsOnly);
    return decoded == null ? raw : new String(decoded, 0, out);
  }

  /** A path that should already be canonical (from {@link #fromRaw} or a constant), checked again before it is sent. */
  public static String checked(String path) {
    if (path.indexOf('%') >= 0) throw refused("it is not in canonical form.");
    return fromRaw(path);
  }

  /**
   * Checks one {@code name=value} part of a client's raw query: allowed characters only, escapes well formed.
   * Encoded values are data to the upstream and pass as they came.
   */
  public static void checkQueryPart(String part) {
    int n = part.length();
    for (int i = 0; i < n; i++) {
      char c = part.charAt(i);
      if (c == '%') {
        if (i + 2 >= n || Character.digit(part.charAt(i + 1), 16) < 0 || Character.digit(part.charAt(i + 2), 16) < 0) {
          throw refused("the query holds a broken percent-escape.");
        }
        i += 2;
      } else if (c >= 128 || !QUERY[c]) {
        throw refused(c == ';' ? "the query holds a ';' (send it as %3B)." : c == '#' ? "the query holds a '#'."
            : "the query holds a character that must be percent-encoded.");
      }
    }
  }

  /**
   * An Azure deployment name as it goes into the path: letters, digits, '-', '_' and '.', at most 64, not only dots.
   * A glob route makes the body's model the deployment, so this is client input.
   */
  public static String deployment(String name) {
    int n = name.length();
    boolean allowed = n > 0 && n <= MAX_DEPLOYMENT;
    boolean dotsOnly = true;
    for (int i = 0; i < n && allowed; i++) {
      char c = name.charAt(i);
      allowed = c < 128 && DEPLOYMENT[c];
      if (c != '.') dotsOnly = false;
    }
    if (!allowed || dotsOnly) {
      throw new InvalidTarget(OpenAiError.invalidRequest("The model does not name a valid Azure deployment "
          + "(letters, digits, '-', '_' and '.', at most " + MAX_DEPLOYMENT + " characters, not only dots).", "model",
          "invalid_deployment"));
    }
    return name;
  }

  private static void endSegment(int start, int end, boolean dotsOnly) {
    if (end == start) throw refused("it holds an empty segment ('//' or a trailing '/').");
    if (dotsOnly) throw refused("it holds a dot segment ('.', '..', raw or encoded).");
  }

  private static String encoded(char c) {
    return switch (c) {
      case '/' -> "it holds an encoded '/' (%2F).";
      case '?' -> "it holds an encoded '?' (%3F).";
      case '#' -> "it holds an encoded '#' (%23).";
      case '%' -> "it holds an encoded '%' (%25, double encoding).";
      case '\\' -> "it holds an encoded backslash (%5C).";
      case ';' -> "it holds an encoded ';' (%3B).";
      default -> c >= 128 ? "it holds an escape of a non-ASCII byte."
          : "it holds an escape of a character paths may not contain (space, control, quote, bracket).";
    };
  }

  private static String plain(char c) {
    return switch (c) {
      case ';' -> "it holds path parameters (';').";
      case '\\' -> "it holds a backslash.";
      default -> c >= 128 ? "it holds a non-ASCII character." : "it holds a character paths may not contain.";
    };
  }

  private static InvalidTarget refused(String why) { return new InvalidTarget(OpenAiError.invalidPath(why)); }
}
