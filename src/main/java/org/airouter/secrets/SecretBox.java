package org.airouter.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.stream.Collectors;

/**
 * Seals provider keys with AES-256-GCM. The sealed form names the key that sealed it ({@code v1.<keyId>.<base64>}),
 * so the master key can be rotated: new secrets use the current key, old ones still open with the retired one.
 */
public final class SecretBox {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String currentId;
  private final Map<String, SecretKey> keys;

  public SecretBox(String currentId, Map<String, byte[]> keysById) {
    if (!keysById.containsKey(currentId)) throw new IllegalArgumentException("no key with id " + currentId);
    this.currentId = currentId;
    this.keys = keysById.entrySet().stream().collect(Collectors.toUnmodifiableMap(
        Map.Entry::getKey, e -> new SecretKeySpec(checkLength(e.getValue()), "AES")));
  }

  public String seal(String plaintext) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(currentId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed);
      return "v1." + currentId + "." + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  public String open(String sealed) {
    String[] parts = sealed.split("\\.", 3);
    if (parts.length != 3 || !parts[0].equals("v1")) throw new IllegalArgumentException("not a sealed secret");
    SecretKey key = keys.get(parts[1]);
    if (key == null) throw new IllegalStateException("secret sealed with unknown key id " + parts[1]);
    byte[] all = Base64.getDecoder().decode(parts[2]);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
      cipher.updateAAD(parts[1].getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a sealed secret failed its integrity check", e);
    }
  }

  public String currentKeyId() { return currentId; }

  private static byte[] checkLength(byte[] key) {
    if (key.length != 32) throw new IllegalArgumentException("a master key must be 32 bytes, got " + key.length);
    return key;
  }
}
