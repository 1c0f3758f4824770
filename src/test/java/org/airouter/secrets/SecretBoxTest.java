package org.airouter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private static final byte[] OLD = key(1);
  private static final byte[] NEW = key(2);

  private static byte[] key(int seed) {
    byte[] key = new byte[32];
    new Random(seed).nextBytes(key);
    return key;
  }

  @Test
  void sealedSecretOpensToThePlaintext() {
    SecretBox box = new SecretBox("k1", Map.of("k1", OLD));
    String sealed = box.seal("sk-live-Ünïcödé-123");
    assertTrue(sealed.startsWith("v1.k1."), sealed);
    assertFalse(sealed.contains("sk-live"), sealed);
    assertEquals("sk-live-Ünïcödé-123", box.open(sealed));
    assertEquals("", box.open(box.seal("")));
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    SecretBox box = new SecretBox("k1", Map.of("k1", OLD));
    assertNotEquals(box.seal("same"), box.seal("same"));
  }

  @Test
  void tamperedCiphertextFailsItsIntegrityCheck() {
    SecretBox box = new SecretBox("k1", Map.of("k1", OLD));
    String sealed = box.seal("sk-secret");
    byte[] raw = Base64.getDecoder().decode(sealed.substring("v1.k1.".length()));
    for (int i : new int[] {0, 12, raw.length - 1}) {   // IV, ciphertext, tag
      byte[] tampered = raw.clone();
      tampered[i] ^= 1;
      String bad = "v1.k1." + Base64.getEncoder().encodeToString(tampered);
      assertThrows(IllegalStateException.class, () -> box.open(bad), "byte " + i);
    }
  }

  @Test
  void secretMovedToAnotherKeyIdFails() {
    // The key id is authenticated data: relabelling a secret breaks it even when both keys are the same.
    SecretBox box = new SecretBox("a", Map.of("a", OLD, "b", OLD));
    String relabelled = box.seal("sk-secret").replaceFirst("^v1\\.a\\.", "v1.b.");
    assertThrows(IllegalStateException.class, () -> box.open(relabelled));
  }

  @Test
  void rotationKeepsOldSecretsReadable() {
    String sealedWithOld = new SecretBox("old", Map.of("old", OLD)).seal("sk-before-rotation");
    Map<String, byte[]> keys = new LinkedHashMap<>();
    keys.put("new", NEW);
    keys.put("old", OLD);
    SecretBox rotated = new SecretBox("new", keys);

    assertEquals("sk-before-rotation", rotated.open(sealedWithOld));
    String sealedWithNew = rotated.seal("sk-after-rotation");
    assertTrue(sealedWithNew.startsWith("v1.new."), sealedWithNew);
    assertEquals("new", rotated.currentKeyId());
    assertEquals("sk-after-rotation", rotated.open(sealedWithNew));
  }

  @Test
  void unknownKeyIdFails() {
    String sealedWithOld = new SecretBox("old", Map.of("old", OLD)).seal("sk-x");
    SecretBox withoutOld = new SecretBox("new", Map.of("new", NEW));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> withoutOld.open(sealedWithOld));
    assertTrue(e.getMessage().contains("old"), e.getMessage());
  }

  @Test
  void wrongKeyUnderTheSameIdFails() {
    String sealed = new SecretBox("k1", Map.of("k1", OLD)).seal("sk-x");
    assertThrows(IllegalStateException.class, () -> new SecretBox("k1", Map.of("k1", NEW)).open(sealed));
  }

  @Test
  void somethingNotSealedIsRefused() {
    SecretBox box = new SecretBox("k1", Map.of("k1", OLD));
    assertThrows(IllegalArgumentException.class, () -> box.open("sk-plaintext"));
    assertThrows(IllegalArgumentException.class, () -> box.open("v2.k1.AAAA"));
  }

  @Test
  void badConfigurationIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SecretBox("missing", Map.of("k1", OLD)));
    assertThrows(IllegalArgumentException.class, () -> new SecretBox("k1", Map.of("k1", new byte[16])));
  }
}
