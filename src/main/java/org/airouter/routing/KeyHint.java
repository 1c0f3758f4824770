package org.airouter.routing;

/**
 * A stored provider key as an operator may see it: enough to tell keys apart, never enough to use one. A long key
 * shows its prefix up to the first dash and its last four characters ({@code sk-…abcd}); a key under 12 characters
 * would give most of itself away that way, so it shows only that it is short.
 */
public final class KeyHint {
  static final int SHORTEST_SHOWN = 12;
  static final String SHORT = "short key, hidden";
  static final String UNREADABLE = "stored key cannot be opened";

  private KeyHint() {}

  /** The hint for a key; null when there is no key. */
  public static String of(String key) {
    if (key == null) return null;
    if (key.length() < SHORTEST_SHOWN) return SHORT;
    int dash = key.indexOf('-');
    String prefix = dash > 0 && dash <= 4 ? key.substring(0, dash + 1) : "";
    return prefix + "…" + key.substring(key.length() - 4);
  }

  /** The hint for a key that is stored but cannot be opened (sealed under a master key this instance lacks). */
  public static String unreadable() { return UNREADABLE; }
}
