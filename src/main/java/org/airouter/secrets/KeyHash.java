package org.airouter.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of a client key (HMAC-SHA-256 with a server secret). A stolen table of hashes is useless without the
 * secret, unlike the plain SHA-256 other gateways store.
 */
public final class KeyHash {
  private final SecretKeySpec secret;
  /** One initialised Mac per thread: looking one up and keying it cost about 3 % of a request (bench/README.md). */
  private final ThreadLocal<Mac> macs;

  public KeyHash(byte[] secret) {
    if (secret.length < 32) throw new IllegalArgumentException("the key-hash secret must be at least 32 bytes");
    this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** Lower-case hex, 64 characters. */
  public String of(String clientKey) {
    Mac mac = macs.get();
    return HexFormat.of().formatHex(mac.doFinal(clientKey.getBytes(StandardCharsets.UTF_8)));   // doFinal resets it
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
