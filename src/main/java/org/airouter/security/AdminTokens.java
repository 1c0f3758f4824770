package org.airouter.security;

import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.airouter.persistence.Jpa;
import org.airouter.secrets.ConstantTime;
import org.airouter.secrets.KeyHash;
import org.airouter.validation.DuplicateName;
import org.airouter.validation.Invalid;
import org.airouter.validation.NotFound;
import org.airouter.validation.Problem;
import org.airouter.validation.Sizes;

/**
 * Issues, lists, revokes and checks admin tokens. A check reads the database, so a token revoked on any instance stops
 * working everywhere at once; the admin API is not the hot path.
 */
public class AdminTokens {
  static final String PREFIX = "art-";
  /** "Last used" is written at most this often per token, not on every call. */
  private static final Duration LAST_USED_GRANULARITY = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jpa jpa;
  private final KeyHash hasher;

  public AdminTokens(Jpa jpa, KeyHash hasher) {
    this.jpa = jpa;
    this.hasher = hasher;
  }

  /** A freshly issued token: the only moment it exists in full. */
  public record Issued(AdminToken stored, String token) {
    @Override public String toString() { return "Issued[" + stored.name() + ", " + stored.prefix() + "…]"; }
  }

  public Issued create(String name) { return create(name, Role.ADMIN); }

  public Issued create(String name, Role role) {
    List<Problem> problems = new ArrayList<>();
    if (name == null || name.isBlank()) problems.add(new Problem("name", "must not be blank"));
    else if (name.length() > Sizes.NAME) problems.add(new Problem("name", Sizes.atMost(Sizes.NAME)));
    if (role == null) problems.add(new Problem("role", "one of admin, operator, viewer"));
    Invalid.require(problems, InvalidAdminToken::new);
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    AdminToken stored = jpa.inTransaction(em -> {
      if (byName(em, name).isPresent()) throw new DuplicateTokenName(name);
      AdminToken fresh = new AdminToken(name, token.substring(0, 8), hasher.of(token), role);
      em.persist(fresh);
      return fresh;
    });
    return new Issued(stored, token);
  }

  public List<AdminToken> all() {
    return jpa.read(em -> em.createQuery("select t from AdminToken t order by t.id", AdminToken.class).getResultList());
  }

  public AdminToken revoke(long id) {
    return jpa.inTransaction(em -> {
      AdminToken token = Optional.ofNullable(em.find(AdminToken.class, id)).orElseThrow(() -> new AdminTokenNotFound(id));
      token.revoke();
      return token;
    });
  }

  /** What a presented token is. */
  public enum Check { VALID, REVOKED, UNKNOWN }

  /** A presented token's standing and, when valid, the token itself (its name and role). */
  public record Presented(Check check, AdminToken token) {}

  public Check check(String presented) { return present(presented).check(); }

  public Presented present(String presented) {
    Presented unknown = new Presented(Check.UNKNOWN, null);
    if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) return unknown;
    String hash = hasher.of(presented);
    Optional<AdminToken> found = jpa.read(em -> em.createQuery(
            "select t from AdminToken t where t.tokenHash = :hash", AdminToken.class)
        .setParameter("hash", hash).getResultStream().findFirst());
    if (found.isEmpty() || !ConstantTime.equals(hash, found.get().tokenHash())) return unknown;
    AdminToken token = found.get();
    if (token.revoked()) return new Presented(Check.REVOKED, token);
    Instant now = Instant.now();
    if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(LAST_USED_GRANULARITY))) {
      // A bulk update: no version bump, so recording use never turns an operator's edit into a conflict.
      jpa.run(em -> em.createQuery("update AdminToken t set t.lastUsedAt = :now where t.id = :id")
          .setParameter("now", now).setParameter("id", token.id()).executeUpdate());
    }
    return new Presented(Check.VALID, token);
  }

  private static Optional<AdminToken> byName(EntityManager em, String name) {
    return em.createQuery("select t from AdminToken t where t.name = :name", AdminToken.class)
        .setParameter("name", name).getResultStream().findFirst();
  }

  public static final class AdminTokenNotFound extends NotFound {
    public AdminTokenNotFound(long id) { super("admin token", id); }
  }

  public static final class DuplicateTokenName extends DuplicateName {
    public DuplicateTokenName(String name) { super("An admin token", name); }
  }

  public static final class InvalidAdminToken extends Invalid {
    public InvalidAdminToken(List<Problem> problems) { super(problems); }
  }
}
