package org.airouter.routing;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** How a route's pattern is compared with the requested model. Declared in precedence order: exact wins. */
public enum MatchKind {
  EXACT, GLOB,
  /** The original Worker's rule: the pattern appears somewhere in the requested model. */
  KEYWORD;

  /** Every id, as a Bean Validation pattern and as words for messages; ChoicesTest keeps them the values. */
  public static final String IDS = "exact|glob|keyword";
  public static final String CHOICES = "exact, glob or keyword";

  public String id() { return name().toLowerCase(Locale.ROOT); }

  public static Optional<MatchKind> byId(String id) {
    for (MatchKind kind : values()) if (kind.id().equalsIgnoreCase(id)) return Optional.of(kind);
    return Optional.empty();
  }

  /** A glob ({@code *} any run, {@code ?} one character) as an anchored regex. */
  public static Pattern globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) regex.append(Pattern.quote(literal.toString()));
        literal.setLength(0);
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) regex.append(Pattern.quote(literal.toString()));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
