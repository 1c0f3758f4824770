package org.airouter.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Level;
import java.util.function.Predicate;
import java.util.logging.Logger;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.airouter.persistence.Jpa;

/**
 * The admin password, for HTTP Basic (bootstrap scripts) and the console. It comes from a setting; without one, the
 * first start generates one, shows it once in a banner in the server log, writes it to {@value #PASSWORD_FILE} in the
 * data directory (readable by its owner only, as Jenkins' {@code initialAdminPassword}: a log scrolls away, a file
 * stays) and stores only its PBKDF2-HMAC-SHA256 hash (salted, with its iteration count) in the database, so every
 * instance of a cluster shares it. Later starts find the hash and neither generate nor write anything.
 */
public final class AdminPasswords {
  private static final Logger LOG = Logger.getLogger(AdminPasswords.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String SECRET_NAME = "admin-password";
  /** Where a generated password is written, in the data directory. */
  public static final String PASSWORD_FILE = "initial-admin-password";
  public static final int DEFAULT_ITERATIONS = 210_000;   // OWASP's 2023 figure for PBKDF2-HMAC-SHA256
  /** One password passes; a few entries leave room for nothing but it. Full, the cache starts over. */
  static final int MAX_VERIFIED = 4;

  private final Predicate<String> slowCheck;   // PBKDF2 against the stored pbkdf2-sha256$iterations$salt$hash
  /**
   * Passwords that passed, so a script's repeated calls do not each pay for PBKDF2. It lives and dies with this
   * object, which holds one stored hash: a changed password is a new AdminPasswords, with an empty cache.
   */
  private final VerifiedSecrets verified = new VerifiedSecrets(MAX_VERIFIED);

  private AdminPasswords(String stored) { this(parsed(stored)); }

  /** For tests: the slow check given, so a test can count how often it runs. */
  AdminPasswords(Predicate<String> slowCheck) {
    this.slowCheck = slowCheck;
  }

  /** From the configured password (kept only as a hash in memory), else from the database, generating it once. */
  public static AdminPasswords load(Optional<String> configured, Jpa jpa, int iterations, Path dataDir) {
    if (configured.isPresent()) return new AdminPasswords(hash(configured.get(), iterations));
    Optional<String> existing = read(jpa);
    if (existing.isPresent()) {
      AdminPasswords stored = new AdminPasswords(existing.get());
      stored.warmUp();   // only this branch: the others have just hashed, which compiled PBKDF2 already
      return stored;
    }
    String password = generate();
    String hash = hash(password, iterations);
    try {
      jpa.run(em -> em.createNativeQuery("insert into admin_secret (name, secret, created_at) values (?1, ?2, ?3)")
          .setParameter(1, SECRET_NAME).setParameter(2, hash).setParameter(3, Timestamp.from(Instant.now()))
          .executeUpdate());
    } catch (RuntimeException raced) {
      // Another instance generated one at the same moment: theirs was logged there and is the one that counts.
      return new AdminPasswords(read(jpa).orElseThrow(() -> raced));
    }
    Path file = dataDir.resolve(PASSWORD_FILE);
    try {
      writeOwnerOnly(file, password);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "Could not write the generated admin password to " + file + "; it is in the banner below", e);
      file = null;
    }
    LOG.warning(banner(password, file));
    return new AdminPasswords(hash);
  }

  /** What a newcomer must not miss in a busy start-up log. */
  static String banner(String password, Path file) {
    String rule = "*".repeat(78);
    return "\n" + rule
        + "\n*  No admin password is configured, so ai-router generated one. Sign in as user \"admin\" with:"
        + "\n*"
        + "\n*      " + password
        + "\n*"
        + (file == null ? "" : "\n*  It is also in " + file + " (readable by its owner only)."
            + "\n*  Delete that file once you have stored the password somewhere safe.")
        + "\n*  Only its hash is kept; it is not shown again. To choose your own, set airouter.admin-password"
        + "\n*  (AIROUTER_ADMIN_PASSWORD, or ADMIN_PASSWORD)."
        + "\n" + rule;
  }

  /** Written whole or not at all, mode 600 from the start (a temporary file is created so); replaces a stale one. */
  static void writeOwnerOnly(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), ".admin-password", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the data directory's ACL applies
      }
      Files.writeString(tmp, content + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Runs the slow check once, with a throwaway password, on a background thread, so the first sign-in after a start
   * does not also pay for the JIT compiling PBKDF2: on a loaded 2-core machine a cold 210,000-iteration check took
   * 4–6 s, a warm one 1.0–1.3 s. The answer is ignored and nothing is remembered.
   */
  Thread warmUp() {
    Thread thread = new Thread(() -> slowCheck.test(generate()), "airouter-password-warm-up");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  public boolean matches(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > 1000) return false;
    if (verified.contains(presented)) return true;
    boolean ok = slowCheck.test(presented);
    if (ok) verified.add(presented);
    return ok;
  }

  /** Whether {@code presented} is the password whose {@link #hash} is {@code stored}. Takes PBKDF2's time. */
  static boolean verify(String stored, String presented) {
    return presented != null && presented.length() <= 1000 && parsed(stored).test(presented);
  }

  private static Predicate<String> parsed(String stored) {
    String[] parts = stored.split("\\$");
    int iterations = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return presented -> MessageDigest.isEqual(expected, pbkdf2(presented, salt, iterations));
  }

  static String hash(String password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(pbkdf2(password, salt, iterations));
  }

  private static Optional<String> read(Jpa jpa) {
    return jpa.read(em -> em.createNativeQuery("select secret from admin_secret where name = ?1")
        .setParameter(1, SECRET_NAME).getResultStream().findFirst().map(Object::toString));
  }

  private static String generate() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    }
  }

}
