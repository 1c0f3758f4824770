package org.airouter.prices;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.airouter.persistence.ConfigVersion;
import org.airouter.persistence.Jpa;

/** The stored price table, and its in-memory snapshot for the hot path. */
public class PriceService {
  private final Jpa jpa;
  private final Runnable onChange;
  private volatile PriceTable table = PriceTable.EMPTY;

  public PriceService(Jpa jpa, Runnable onChange) {
    this.jpa = jpa;
    this.onChange = onChange;
  }

  public PriceTable table() { return table; }

  public List<Price> all() {
    return jpa.read(em -> em.createQuery("select p from Price p order by p.model, p.provider, p.effectiveFrom",
        Price.class).getResultList());
  }

  public Optional<Price> find(long id) { return Optional.ofNullable(jpa.read(em -> em.find(Price.class, id))); }

  public Price create(PriceSpec spec) {
    requireValid(spec);
    Price stored = jpa.inTransaction(em -> {
      Price fresh = new Price(spec);
      em.persist(fresh);
      ConfigVersion.bump(em);
      return fresh;
    });
    onChange.run();
    return stored;
  }

  /** For the config file: a row with the same model, provider and start date is updated, else one is added. */
  public Price save(PriceSpec spec) {
    requireValid(spec);
    Price stored = jpa.inTransaction(em -> {
      Price row = sameKey(em, spec).orElseGet(() -> {
        Price fresh = new Price(spec);
        em.persist(fresh);
        return fresh;
      });
      row.apply(spec);
      ConfigVersion.bump(em);
      return row;
    });
    onChange.run();
    return stored;
  }

  public Price update(long id, PriceSpec spec, Long expectedVersion) {
    requireValid(spec);
    Price stored = jpa.inTransaction(em -> {
      Price row = existing(em, id);
      if (expectedVersion != null && expectedVersion != row.version()) {
        throw new OptimisticLockException("price " + id + " was changed by someone else");
      }
      row.apply(spec);
      ConfigVersion.bump(em);
      return row;
    });
    onChange.run();
    return stored;
  }

  public void delete(long id) {
    jpa.run(em -> {
      em.remove(existing(em, id));
      ConfigVersion.bump(em);
    });
    onChange.run();
  }

  public void reload() { table = PriceTable.of(all().stream().map(Price::spec).toList()); }

  private static Optional<Price> sameKey(EntityManager em, PriceSpec spec) {
    return em.createQuery("select p from Price p where p.model = :model", Price.class)
        .setParameter("model", spec.model()).getResultStream()
        .filter(p -> Objects.equals(p.spec().provider(), spec.provider())
            && p.spec().effectiveFrom().equals(spec.effectiveFrom()))
        .findFirst();
  }

  private static Price existing(EntityManager em, long id) {
    return Optional.ofNullable(em.find(Price.class, id)).orElseThrow(() -> new PriceNotFound(id));
  }

  private static void requireValid(PriceSpec spec) {
    List<String> problems = spec.problems();
    if (!problems.isEmpty()) throw new InvalidPrice(problems);
  }

  public static final class PriceNotFound extends RuntimeException {
    public PriceNotFound(long id) { super("No price with id " + id + "."); }
  }

  public static final class InvalidPrice extends RuntimeException {
    private final List<String> problems;

    public InvalidPrice(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() { return problems; }
  }
}
