package org.airouter.keys;

import java.security.SecureRandom;
import java.util.Base64;

/** The keys we issue ({@code ar-} and 43 URL-safe characters, 256 random bits) and how they are shown. */
public final class ClientKeyFormat {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String PREFIX = "ar-";

  private ClientKeyFormat() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** What may be shown of a key: enough to recognise it, far too little to guess the rest. */
  public static String displayPrefix(String key) {
    int shown = key.length() >= 24 ? 8 : Math.min(3, key.length() / 4);
    return key.substring(0, shown);
  }
}
