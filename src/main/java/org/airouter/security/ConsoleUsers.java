package org.airouter.security;

import org.airouter.validation.DuplicateName;
import org.airouter.validation.Invalid;
import org.airouter.validation.NotFound;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.airouter.persistence.Jpa;
import org.airouter.validation.Problem;

/**
 * Named users: create, list, change role, team or password, disable, delete, and check a sign-in. A check against an unknown
 * name costs the same PBKDF2 as a known one, so timing does not tell which names exist.
 */
public class ConsoleUsers {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,100}");
  static final int MIN_PASSWORD = 12;
  private static final int MAX_VERIFIED = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jpa jpa;
  private final int iterations;
  private final String decoy;   // checked for unknown names
  /** Sign-ins that passed, so scripts using HTTP Basic do not pay PBKDF2 per call. The stored hash is part of what
   *  is remembered: a changed password misses. */
  private final VerifiedSecrets verified = new VerifiedSecrets(MAX_VERIFIED);

  public ConsoleUsers(Jpa jpa, int iterations) {
    this.jpa = jpa;
    this.iterations = iterations;
    this.decoy = AdminPasswords.hash("decoy-" + RANDOM.nextLong(), iterations);
  }

  public List<ConsoleUser> all() {
    return jpa.read(em -> em.createQuery("select u from ConsoleUser u order by u.name", ConsoleUser.class)
        .getResultList());
  }

  public Optional<ConsoleUser> find(long id) { return jpa.read(em -> Optional.ofNullable(em.find(ConsoleUser.class, id))); }

  public Optional<ConsoleUser> byName(String name) { return jpa.read(em -> byName(em, name)); }

  public ConsoleUser create(String name, String password, Role role, String team) {
    List<Problem> problems = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      problems.add(new Problem("name", "1 to 100 of letters, digits and . _ @ + -"));
    } else if (name.equalsIgnoreCase(AdminAuthFilter.USER)) {
      problems.add(new Problem("name", "'admin' is the bootstrap administrator's; choose another"));
    }
    checkPassword(password, problems);
    checkRole(role, team, problems);
    if (!problems.isEmpty()) throw new InvalidUser(problems);
    String hash = password == null ? null : AdminPasswords.hash(password, iterations);
    return jpa.inTransaction(em -> {
      if (byName(em, name).isPresent()) throw new DuplicateUserName(name);
      ConsoleUser user = new ConsoleUser(name, hash, role, blankToNull(team));
      em.persist(user);
      return user;
    });
  }

  /** Role and team are always set; the password only when given. */
  public ConsoleUser update(long id, Role role, String team, String password, long version) {
    return update(id, role, team, password, null, version);
  }

  /** As above; {@code disabled} only when given (a disabled user is kept, with their keys' owner, but cannot sign in). */
  public ConsoleUser update(long id, Role role, String team, String password, Boolean disabled, long version) {
    List<Problem> problems = new ArrayList<>();
    checkPassword(password, problems);
    checkRole(role, team, problems);
    if (!problems.isEmpty()) throw new InvalidUser(problems);
    String hash = password == null ? null : AdminPasswords.hash(password, iterations);
    return jpa.inTransaction(em -> {
      ConsoleUser user = Optional.ofNullable(em.find(ConsoleUser.class, id)).orElseThrow(() -> new UserNotFound(id));
      if (user.version() != version) throw new OptimisticLockException();
      user.role(role);
      user.team(blankToNull(team));
      if (hash != null) user.passwordHash(hash);
      if (disabled != null) user.disabled(disabled);
      return user;
    });
  }

  public ConsoleUser delete(long id) {
    return jpa.inTransaction(em -> {
      ConsoleUser user = Optional.ofNullable(em.find(ConsoleUser.class, id)).orElseThrow(() -> new UserNotFound(id));
      em.remove(user);
      return user;
    });
  }

  /** The user, when the name exists, has a password and it matches. */
  public Optional<ConsoleUser> authenticate(String name, String password) {
    if (name == null || password == null || password.isEmpty() || password.length() > 1000) return Optional.empty();
    Optional<ConsoleUser> user = byName(name).filter(ConsoleUser::hasPassword).filter(u -> !u.disabled());
    String stored = user.map(ConsoleUser::passwordHash).orElse(decoy);
    String sighting = name + '\0' + stored + '\0' + password;
    if (user.isPresent() && verified.contains(sighting)) return user;
    boolean ok = AdminPasswords.verify(stored, password) && user.isPresent();
    if (!ok) return Optional.empty();
    verified.add(sighting);
    return user;
  }

  private static void checkPassword(String password, List<Problem> problems) {
    if (password != null && (password.length() < MIN_PASSWORD || password.length() > 1000)) {
      problems.add(new Problem("password", MIN_PASSWORD + " to 1000 characters"));
    }
  }

  private static void checkRole(Role role, String team, List<Problem> problems) {
    if (role == null) problems.add(new Problem("role", "one of admin, operator, viewer, member"));
    else if (role == Role.MEMBER && (team == null || team.isBlank())) {
      problems.add(new Problem("team", "a member needs a team"));
    }
  }

  private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }

  private static Optional<ConsoleUser> byName(EntityManager em, String name) {
    return em.createQuery("select u from ConsoleUser u where u.name = :name", ConsoleUser.class)
        .setParameter("name", name).getResultStream().findFirst();
  }


  public static final class UserNotFound extends NotFound {
    public UserNotFound(long id) { super("No user with id " + id + "."); }
  }

  public static final class DuplicateUserName extends DuplicateName {
    public DuplicateUserName(String name) { super("A user", name); }
  }

  public static final class InvalidUser extends Invalid {
    public InvalidUser(List<Problem> problems) { super(problems); }
  }
}
