package org.airouter.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets that passed a slow check (PBKDF2), so a script's repeated calls do not each pay for it again: held as
 * HMAC-SHA256 under a random key that exists only in this object, never as the secret or a plain digest an attacker
 * with a heap dump could test guesses against at speed. Bounded: past {@code max} entries it starts over. Lookups
 * compare MACs with {@code equals}, so a guess learns nothing from timing about the secret.
 */
final class VerifiedSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Set<ByteBuffer> verified = ConcurrentHashMap.newKeySet();
  private final SecretKeySpec key;
  private final int max;

  VerifiedSecrets(int max) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
    this.max = max;
  }

  boolean contains(String secret) { return verified.contains(mac(secret)); }

  void add(String secret) {
    if (verified.size() >= max) verified.clear();
    verified.add(mac(secret));
  }

  private ByteBuffer mac(String s) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return ByteBuffer.wrap(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
