package org.airouter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyHashTest {
  private static final byte[] SECRET = filled(7);

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  @Test
  void hashIsSixtyFourLowerCaseHexCharacters() {
    String hash = new KeyHash(SECRET).of("ar-some-client-key");
    assertEquals(64, hash.length());
    assertTrue(hash.matches("[0-9a-f]{64}"), hash);
  }

  @Test
  void sameKeyAndSecretGiveTheSameHash() {
    assertEquals(new KeyHash(SECRET).of("ar-k"), new KeyHash(SECRET.clone()).of("ar-k"));
  }

  @Test
  void differentKeysOrSecretsGiveDifferentHashes() {
    KeyHash hash = new KeyHash(SECRET);
    assertNotEquals(hash.of("ar-k1"), hash.of("ar-k2"));
    assertNotEquals(hash.of("ar-k1"), new KeyHash(filled(8)).of("ar-k1"));
  }

  @Test
  void hashIsKeyedNotAPlainDigest() throws Exception {
    String plain = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest("ar-k1".getBytes(StandardCharsets.UTF_8)));
    assertNotEquals(plain, new KeyHash(SECRET).of("ar-k1"));
  }

  @Test
  void secretIsCopiedSoLaterChangesDoNotMatter() {
    byte[] secret = filled(9);
    KeyHash hash = new KeyHash(secret);
    String before = hash.of("ar-k");
    Arrays.fill(secret, (byte) 0);
    assertEquals(before, hash.of("ar-k"));
  }

  @Test
  void shortSecretIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new KeyHash(new byte[31]));
  }
}
