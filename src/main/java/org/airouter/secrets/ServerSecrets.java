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

  private final SecretBox box;
  private final KeyHash keyHash;

  private ServerSecrets(SecretBox box, KeyHash keyHash) {
    this.box = box;
    this.keyHash = keyHash;
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
      keys.put(current, fileSecret(dataDir.resolve("master.key"), 32, "sealed provider keys cannot be opened"));
    }
    byte[] hash = hashSecret.map(s -> Base64.getDecoder().decode(s))
        .orElseGet(() -> fileSecret(dataDir.resolve("key-hash.secret"), 32, "no client key is recognised"));
    return new ServerSecrets(new SecretBox(current, keys), new KeyHash(hash));
  }

  public SecretBox box() { return box; }

  public KeyHash keyHash() { return keyHash; }

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
