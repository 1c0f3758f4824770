package org.airouter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.airouter.security.LoginThrottleTest.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP Basic on the admin API: guesses are throttled per address before any hashing; a right password is hashed once. */
class AdminAuthFilterTest {
  static final String PASSWORD = "the-admin-password";
  final ManualClock clock = new ManualClock();
  final AtomicInteger hashed = new AtomicInteger();
  final AdminAuthFilter filter = new AdminAuthFilter();

  @BeforeEach void wire() {
    filter.passwords = new AdminPasswords(presented -> {
      hashed.incrementAndGet();   // stands for PBKDF2: the expensive part
      return presented.equals(PASSWORD);
    });
    filter.throttle = new LoginThrottle(3, Duration.ofSeconds(2), Duration.ofSeconds(30), clock);
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test void guessesAreAnswered429WithRetryAfterBeforeAnyHashing() {
    for (int i = 1; i <= 4; i++) {
      AdminAuthFilter.Refusal r = filter.refusal(basic("admin", "guess-" + i), "10.0.0.7");
      assertEquals(401, r.error().status(), "guess " + i);
    }
    assertEquals(4, hashed.get(), "3 free guesses and the one that locks the address out");

    for (int i = 0; i < 100; i++) {
      AdminAuthFilter.Refusal r = filter.refusal(basic("admin", i == 99 ? PASSWORD : "guess-x" + i), "10.0.0.7");
      assertEquals(429, r.error().status());
      assertEquals("too_many_attempts", r.error().code());
      assertEquals(2, r.retryAfterSeconds());
    }
    assertEquals(4, hashed.get(), "a locked-out address costs no hashing, even with the right password");

    assertNull(filter.refusal(basic("admin", PASSWORD), "10.0.0.8"), "another address is not locked out");
    clock.now = clock.now.plusSeconds(2);
    assertEquals(401, filter.refusal(basic("admin", "guess-5"), "10.0.0.7").error().status(), "after the wait, one more try");
    AdminAuthFilter.Refusal again = filter.refusal(basic("admin", "guess-6"), "10.0.0.7");
    assertEquals(429, again.error().status(), "and the lock-out doubles");
    assertEquals(4, again.retryAfterSeconds());
  }

  @Test void aRightPasswordIsHashedOnceThenRememberedAndClearsTheAddress() {
    for (int i = 0; i < 50; i++) assertNull(filter.refusal(basic("admin", PASSWORD), "10.0.0.9"));
    assertEquals(1, hashed.get(), "one PBKDF2 for 50 calls of a script");
    assertEquals(401, filter.refusal(basic("admin", PASSWORD + "x"), "10.0.0.9").error().status());
    assertEquals(401, filter.refusal(basic("root", PASSWORD), "10.0.0.9").error().status(), "the user must be admin");
    assertEquals(2, hashed.get(), "a wrong password is not taken for the remembered one");

    filter.throttle.failed("10.0.0.9");   // the third failure: the next would lock the address out
    assertNull(filter.refusal(basic("admin", PASSWORD), "10.0.0.9"));
    assertEquals(Duration.ZERO, filter.throttle.failed("10.0.0.9"), "a success started the address's count afresh");
  }

  @Test void theRememberedPasswordIsNeitherKeptInPlainNorAsItsPlainDigest() throws Exception {
    assertTrue(filter.passwords.matches(PASSWORD));
    byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(PASSWORD.getBytes(StandardCharsets.UTF_8));
    Field cache = AdminPasswords.class.getDeclaredField("verified");
    cache.setAccessible(true);
    Field field = VerifiedSecrets.class.getDeclaredField("verified");
    field.setAccessible(true);
    Set<?> verified = (Set<?>) field.get(cache.get(filter.passwords));
    assertEquals(1, verified.size());
    byte[] held = ((ByteBuffer) verified.iterator().next()).array();
    assertFalse(Arrays.equals(sha256, held), "an unkeyed digest could be brute-forced offline");
    assertFalse(new String(held, StandardCharsets.ISO_8859_1).contains(PASSWORD));
    assertFalse(new AdminPasswords(p -> false).matches(PASSWORD), "another password's object remembers nothing of this one");
  }

  @Test void missingOrMalformedCredentialsAreNotGuessesAndStay401() {
    assertEquals(401, filter.refusal(null, "10.0.0.5").error().status());
    assertEquals(401, filter.refusal("Basic !!!", "10.0.0.5").error().status());
    assertNotNull(filter.refusal("Digest x", "10.0.0.5"));
    assertEquals(0, hashed.get());
  }
}
