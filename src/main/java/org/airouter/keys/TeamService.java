package org.airouter.keys;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.airouter.persistence.ConfigVersion;
import org.airouter.persistence.Jpa;

/** Teams: stored in the database, read by the hot path from an in-memory snapshot by name. */
public class TeamService {
  private final Jpa jpa;
  private final Runnable onChange;
  private volatile Map<String, LimitPolicy> policies = Map.of();

  public TeamService(Jpa jpa, Runnable onChange) {
    this.jpa = jpa;
    this.onChange = onChange;
  }

  /** The hot path's view: a team's policy by name, or null for a team not (or no longer) defined. */
  public LimitPolicy policy(String team) { return team == null ? null : policies.get(team); }

  public List<Team> all() {
    return jpa.read(em -> em.createQuery("select t from Team t order by t.name", Team.class).getResultList());
  }

  public Optional<Team> find(long id) { return Optional.ofNullable(jpa.read(em -> em.find(Team.class, id))); }

  public Optional<Team> byName(String name) { return jpa.read(em -> named(em, name)); }

  /** Creates the team or, by name, replaces its policy (config file import). */
  public Team save(TeamSpec spec) {
    requireValid(spec);
    Team stored = jpa.inTransaction(em -> {
      Team team = named(em, spec.name()).orElseGet(() -> {
        Team fresh = new Team(spec);
        em.persist(fresh);
        return fresh;
      });
      team.apply(spec);
      ConfigVersion.bump(em);
      return team;
    });
    onChange.run();
    return stored;
  }

  public Team create(TeamSpec spec) {
    requireValid(spec);
    Team stored = jpa.inTransaction(em -> {
      if (named(em, spec.name()).isPresent()) throw new DuplicateTeamName(spec.name());
      Team fresh = new Team(spec);
      em.persist(fresh);
      ConfigVersion.bump(em);
      return fresh;
    });
    onChange.run();
    return stored;
  }

  public Team update(long id, TeamSpec spec, Long expectedVersion) {
    requireValid(spec);
    Team stored = jpa.inTransaction(em -> {
      Team team = existing(em, id);
      if (expectedVersion != null && expectedVersion != team.version()) {
        throw new OptimisticLockException("team " + id + " was changed by someone else");
      }
      Optional<Team> sameName = named(em, spec.name());
      if (sameName.isPresent() && !sameName.get().id().equals(id)) throw new DuplicateTeamName(spec.name());
      team.apply(spec);
      ConfigVersion.bump(em);
      return team;
    });
    onChange.run();
    return stored;
  }

  /** Keys naming the team keep the name; they are limited by their own policy only until a team of that name exists. */
  public void delete(long id) {
    jpa.run(em -> {
      em.remove(existing(em, id));
      ConfigVersion.bump(em);
    });
    onChange.run();
  }

  public void reload() {
    policies = all().stream().collect(Collectors.toUnmodifiableMap(Team::name, Team::policy, (a, b) -> a));
  }

  private static Team existing(EntityManager em, long id) {
    return Optional.ofNullable(em.find(Team.class, id)).orElseThrow(() -> new TeamNotFound(id));
  }

  private static Optional<Team> named(EntityManager em, String name) {
    return em.createQuery("select t from Team t where t.name = :name", Team.class).setParameter("name", name)
        .getResultStream().findFirst();
  }

  private static void requireValid(TeamSpec spec) {
    List<String> problems = spec.problems();
    if (!problems.isEmpty()) throw new InvalidTeam(problems);
  }

  public static final class TeamNotFound extends RuntimeException {
    public TeamNotFound(long id) { super("No team with id " + id + "."); }
  }

  public static final class DuplicateTeamName extends RuntimeException {
    public DuplicateTeamName(String name) { super("A team named '" + name + "' already exists."); }
  }

  public static final class InvalidTeam extends RuntimeException {
    private final List<String> problems;

    public InvalidTeam(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() { return problems; }
  }

}
