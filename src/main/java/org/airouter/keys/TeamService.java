package org.airouter.keys;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.airouter.persistence.ConfigChanges;
import org.airouter.persistence.Jpa;
import org.airouter.validation.DuplicateName;
import org.airouter.validation.Invalid;
import org.airouter.validation.NotFound;
import org.airouter.validation.Problem;

/** Teams: stored in the database, read by the hot path from an in-memory snapshot by name. */
public class TeamService {
  private final Jpa jpa;
  private final ConfigChanges changes;
  private volatile Map<String, LimitPolicy> policies = Map.of();

  public TeamService(Jpa jpa, Runnable onChange) {
    this.jpa = jpa;
    this.changes = new ConfigChanges(jpa, onChange);
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
    Invalid.require(spec.problems(), InvalidTeam::new);
    return changes.apply(em -> {
      Team team = named(em, spec.name()).orElseGet(() -> {
        Team fresh = new Team(spec);
        em.persist(fresh);
        return fresh;
      });
      team.apply(spec);
      return team;
    });
  }

  public Team create(TeamSpec spec) {
    Invalid.require(spec.problems(), InvalidTeam::new);
    return changes.apply(em -> {
      if (named(em, spec.name()).isPresent()) throw new DuplicateTeamName(spec.name());
      Team fresh = new Team(spec);
      em.persist(fresh);
      return fresh;
    });
  }

  public Team update(long id, TeamSpec spec, Long expectedVersion) {
    Invalid.require(spec.problems(), InvalidTeam::new);
    return changes.apply(em -> {
      Team team = existing(em, id);
      ConfigChanges.requireVersion(expectedVersion, team.version(), "team " + id);
      Optional<Team> sameName = named(em, spec.name());
      if (sameName.isPresent() && !sameName.get().id().equals(id)) throw new DuplicateTeamName(spec.name());
      team.apply(spec);
      return team;
    });
  }

  /** Keys naming the team keep the name; they are limited by their own policy only until a team of that name exists. */
  public void delete(long id) {
    changes.run(em -> em.remove(existing(em, id)));
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

  public static final class TeamNotFound extends NotFound {
    public TeamNotFound(long id) { super("team", id); }
  }

  public static final class DuplicateTeamName extends DuplicateName {
    public DuplicateTeamName(String name) { super("A team", name); }
  }

  public static final class InvalidTeam extends Invalid {
    public InvalidTeam(List<Problem> problems) { super(problems); }
  }

}
