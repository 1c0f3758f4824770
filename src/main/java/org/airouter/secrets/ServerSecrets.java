package org.airouter.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The server's own secrets: the master key that seals provider keys and the secret that hashes client keys. Taken
 * from settings when given (base64, as every instance of a cluster must share them), else generated once into the
 * data directory with owner-only permissions.
 */
public final class ServerSecrets {
  private static final Logger LOG = Logger.getLogger(ServerSecrets.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the check values are made of: a fixed label, so they prove the secret without revealing it. */
  static final String CHECK_LABEL = "ai-router secret check v1";
  public static final String MASTER_KEY_FILE = "master.key";
  public static final String KEY_HASH_FILE = "key-hash.secret";

  private final SecretBox box;
  private final KeyHash keyHash;
  private final String masterKeySource;
  private final String keyHashSource;

  private ServerSecrets(SecretBox box, KeyHash keyHash, String masterKeySource, String keyHashSource) {
    this.box = box;
    this.keyHash = keyHash;
    this.masterKeySource = masterKeySource;
    this.keyHashSource = keyHashSource;
  }

  /**
   * @param masterKey   base64 of 32 bytes, optionally "id:base64" pairs separated by commas, the first one current
   * @param hashSecret  base64 of at least 32 bytes
   */
  public static ServerSecrets load(Path dataDir, Optional<String> masterKey, Optional<String> hashSecret) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String current;
    if (masterKey.isPresent()) {
      current = null;
      for (String part : masterKey.get().split(",")) {
        String[] idAndKey = part.trim().split(":", 2);
        String id = idAndKey.length == 2 ? idAndKey[0] : "k1";
        keys.put(id, Base64.getDecoder().decode(idAndKey[idAndKey.length - 1]));
        if (current == null) current = id;
      }
    } else {
      current = "local";
      keys.put(current, fileSecret(dataDir.resolve(MASTER_KEY_FILE), 32, "sealed provider keys cannot be opened"));
    }
    byte[] hash = hashSecret.map(s -> Base64.getDecoder().decode(s))
        .orElseGet(() -> fileSecret(dataDir.resolve(KEY_HASH_FILE), 32, "no client key is recognised"));
    return new ServerSecrets(new SecretBox(current, keys), new KeyHash(hash),
        masterKey.isPresent() ? "the setting airouter.master-key" : "the file " + dataDir.resolve(MASTER_KEY_FILE),
        hashSecret.isPresent() ? "the setting airouter.key-hash-secret"
            : "the file " + dataDir.resolve(KEY_HASH_FILE));
  }

  public SecretBox box() { return box; }

  public KeyHash keyHash() { return keyHash; }

  /** Where the master key came from, for messages: "the file /…/master.key" or "the setting airouter.master-key". */
  public String masterKeySource() { return masterKeySource; }

  public String keyHashSource() { return keyHashSource; }

  /** The key-hash secret's check value: its HMAC of a fixed label. Reveals nothing of the secret. */
  public String keyHashCheck() { return "hmac-sha256:" + keyHash.of(CHECK_LABEL); }

  /** The master key's check value: a fixed label sealed with the current key (so it names the key id). */
  public String masterKeyCheck() { return box.seal(CHECK_LABEL); }

  /** Whether a master key check value opens with this instance's keys. */
  public boolean opensMasterKeyCheck(String check) {
    try {
      return CHECK_LABEL.equals(box.open(check));
    } catch (RuntimeException wrongKey) {
      return false;
    }
  }

  /** Reads a generated secret, or creates it with mode 600 on first start. */
  static byte[] fileSecret(Path file, int bytes, String lossMeans) {
    try {
      if (Files.notExists(file)) {
        Files.createDirectories(file.getParent());
        byte[] fresh = new byte[bytes];
        RANDOM.nextBytes(fresh);
        try {
          Path tmp = Files.createTempFile(file.getParent(), ".secret", ".tmp");
          restrict(tmp);
          Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
          Files.move(tmp, file);
          LOG.info("Generated " + file + " (back it up: without it " + lossMeans + ")");
        } catch (FileAlreadyExistsException raced) {
          // another instance on the same data directory won; use its secret
        }
      }
      return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the data directory's ACL applies
    }
  }
}
