package org.airouter.routing;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.airouter.persistence.ConfigChanges;
import org.airouter.persistence.Jpa;
import org.airouter.secrets.SecretBox;
import org.airouter.validation.DuplicateName;
import org.airouter.validation.Invalid;
import org.airouter.validation.NotFound;
import org.airouter.validation.Problem;

/** Reads and changes routes; every change moves the config version and refreshes the proxy's snapshot. */
public class RouteService {
  private final Jpa jpa;
  private final SecretBox box;
  private final ConfigChanges changes;

  /** @param onChange called after each committed change, to rebuild the in-memory snapshot */
  public RouteService(Jpa jpa, SecretBox box, Runnable onChange) {
    this.jpa = jpa;
    this.box = box;
    this.changes = new ConfigChanges(jpa, onChange);
  }

  public List<Route> all() { return jpa.read(RouteService::ordered); }

  public Optional<Route> find(long id) { return Optional.ofNullable(jpa.read(em -> em.find(Route.class, id))); }

  public Optional<Route> findByName(String name) { return jpa.read(em -> byName(em, name)); }

  /** Creates the route, or updates the one with the same name. */
  public Route save(RouteSpec spec) { return save(spec, Set.of()); }

  /**
   * As {@link #save(RouteSpec)}; {@code alsoKnown} are route names a fallback may name besides the stored ones (the
   * other routes of a file being imported, which may come later in it).
   */
  public Route save(RouteSpec spec, Set<String> alsoKnown) {
    Invalid.require(spec.problems(), InvalidRoute::new);
    return changes.apply(em -> {
      Optional<Route> existing = byName(em, spec.name());
      Route route = existing.orElseGet(() -> new Route(spec.name(), nextOrder(em)));
      write(em, route, spec, alsoKnown);
      if (existing.isEmpty()) em.persist(route);
      return route;
    });
  }

  /** Creates a new route; a route of the same name already existing is a conflict, not an update. */
  public Route create(RouteSpec spec) {
    Invalid.require(spec.problems(), InvalidRoute::new);
    return changes.apply(em -> {
      if (byName(em, spec.name()).isPresent()) throw new DuplicateRouteName(spec.name());
      Route route = new Route(spec.name(), nextOrder(em));
      write(em, route, spec, Set.of());
      em.persist(route);
      return route;
    });
  }

  /** Updates the route with this id, failing if someone else changed it since {@code expectedVersion}. */
  public Route update(long id, RouteSpec spec, Long expectedVersion) {
    Invalid.require(spec.problems(), InvalidRoute::new);
    return changes.apply(em -> {
      Route route = existing(em, id);
      ConfigChanges.requireVersion(expectedVersion, route.version(), "route " + id);
      Optional<Route> sameName = byName(em, spec.name());
      if (sameName.isPresent() && !sameName.get().id().equals(id)) throw new DuplicateRouteName(spec.name());
      write(em, route, spec, Set.of());
      return route;
    });
  }

  public void delete(long id) {
    changes.run(em -> em.remove(existing(em, id)));
  }

  /** Turns a route on or off without touching anything else. */
  public Route setEnabled(long id, boolean enabled) {
    return changes.apply(em -> {
      Route route = existing(em, id);
      route.setEnabled(enabled);
      return route;
    });
  }

  /** Moves a route {@code offset} places up (negative) or down the order; at either end it stays put. */
  public void move(long id, int offset) {
    List<Long> ids = new ArrayList<>(all().stream().map(Route::id).toList());
    int from = ids.indexOf(id);
    if (from < 0) throw new RouteNotFound(id);
    int to = Math.max(0, Math.min(ids.size() - 1, from + offset));
    if (to == from) return;
    ids.add(to, ids.remove(from));
    reorder(ids);
  }

  /** Puts the routes in the order of the ids given; routes not named keep their relative order after them. */
  public void reorder(List<Long> ids) {
    changes.run(em -> {
      List<Route> routes = ordered(em);
      int order = 0;
      for (Long id : ids) {
        Route route = routes.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() -> new RouteNotFound(id));
        route.moveTo(order++);
      }
      for (Route route : routes) if (!ids.contains(route.id())) route.moveTo(order++);
    });
  }

  /**
   * Keeps how the route's online test just went. A bulk update, not an entity change: the route's version and the
   * config version stay as they are (nothing the proxy reads changed). A route deleted meanwhile is simply not found.
   */
  public void recordProbe(long routeId, LastProbe test) {
    jpa.run(em -> em.createQuery("update Route r set r.lastProbeAt = :at, r.lastProbeOk = :ok, r.lastProbeStatus = :status,"
            + " r.lastProbeFirstByteMs = :firstByte, r.lastProbeTotalMs = :total, r.lastProbeMessage = :message"
            + " where r.id = :id")
        .setParameter("at", test.at()).setParameter("ok", test.ok()).setParameter("status", test.status())
        .setParameter("firstByte", test.firstByteMs()).setParameter("total", test.totalMs())
        .setParameter("message", test.message()).setParameter("id", routeId)
        .executeUpdate());
  }

  /** The stored provider key as {@link KeyHint} shows it ({@code sk-…abcd}); null when none is stored. */
  public String keyHint(Route route) { return route.primary() == null ? null : keyHint(route.primary()); }

  /** As {@link #keyHint(Route)}, for one target. */
  public String keyHint(Target target) {
    if (target.sealedApiKey() == null) return null;
    try {
      return KeyHint.of(box.open(target.sealedApiKey()));
    } catch (RuntimeException unreadable) {
      return KeyHint.unreadable();
    }
  }

  /**
   * Writes the spec into the route. Targets are matched by name, so a target that omits its key (or headers) keeps
   * the stored one; a route of one target whose single target was renamed keeps that target's secrets too, as a
   * route written the old way always did. Fallbacks must name routes that exist.
   */
  private void write(EntityManager em, Route route, RouteSpec spec, Set<String> alsoKnown) {
    List<String> missing = spec.failover().fallbacks().stream()
        .filter(f -> !alsoKnown.contains(f) && byName(em, f).isEmpty()).toList();
    if (!missing.isEmpty()) {
      throw new InvalidRoute(missing.stream().map(f -> new Problem("fallbacks", "no route named " + f)).toList());
    }
    route.apply(spec);
    List<Target> stored = route.targetsForUpdate();
    Map<String, Target> byName = new HashMap<>();
    for (Target target : stored) byName.put(target.name(), target);
    Target onlyStored = stored.size() == 1 ? stored.get(0) : null;
    List<Target> next = new ArrayList<>();
    for (int i = 0; i < spec.targets().size(); i++) {
      TargetSpec t = spec.targets().get(i);
      Target target = byName.remove(t.name());
      if (target == null) {
        target = new Target(route, t.name());
        if (onlyStored != null && spec.targets().size() == 1) target.keepSecretsOf(onlyStored);
      }
      String sealed = t.apiKey() == null || sameKey(target, t.apiKey()) ? null : box.seal(t.apiKey());
      String sealedHeaders = t.headers() == null || sameHeaders(target, t.headers()) ? null
          : box.seal(StringMaps.toJson(t.headers()));
      target.apply(t, i, sealed, sealedHeaders);
      next.add(target);
    }
    stored.clear();          // orphan removal deletes the targets no longer named
    stored.addAll(next);
    if (spec.isDefault()) {
      // One default at a time: the newest choice wins.
      for (Route other : ordered(em)) if (other != route && other.isDefault()) other.clearDefault();
    }
  }

  /** Re-importing the same file must not re-seal (and so rewrite) every key. */
  private boolean sameKey(Target target, String apiKey) {
    try {
      return target.sealedApiKey() != null && apiKey.equals(box.open(target.sealedApiKey()));
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  private boolean sameHeaders(Target target, Map<String, String> headers) {
    try {
      return target.sealedHeaders() == null ? headers.isEmpty() : headers.equals(target.openHeaders(box));
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  private static List<Route> ordered(EntityManager em) {
    return em.createQuery("select r from Route r order by r.sortOrder, r.id", Route.class).getResultList();
  }

  private static Route existing(EntityManager em, long id) {
    return Optional.ofNullable(em.find(Route.class, id)).orElseThrow(() -> new RouteNotFound(id));
  }

  private static Optional<Route> byName(EntityManager em, String name) {
    return em.createQuery("select r from Route r where r.name = :name", Route.class)
        .setParameter("name", name).getResultStream().findFirst();
  }

  private static int nextOrder(EntityManager em) {
    Integer max = em.createQuery("select max(r.sortOrder) from Route r", Integer.class).getSingleResult();
    return max == null ? 0 : max + 1;
  }

  /** No route has this id. */
  public static final class RouteNotFound extends NotFound {
    public RouteNotFound(long id) { super("route", id); }
  }

  /** Another route already has this name. */
  public static final class DuplicateRouteName extends DuplicateName {
    public DuplicateRouteName(String name) { super("A route", name); }
  }

  /** The spec breaks a rule; the message lists every "field: reason". */
  public static final class InvalidRoute extends Invalid {
    public InvalidRoute(List<Problem> problems) { super(problems); }
  }
}
