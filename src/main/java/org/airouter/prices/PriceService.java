package org.airouter.prices;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.airouter.persistence.ConfigChanges;
import org.airouter.persistence.Jpa;
import org.airouter.validation.Invalid;
import org.airouter.validation.NotFound;
import org.airouter.validation.Problem;

/** The stored price table, and its in-memory snapshot for the hot path. */
public class PriceService {
  private final Jpa jpa;
  private final ConfigChanges changes;
  private volatile PriceTable table = PriceTable.EMPTY;

  public PriceService(Jpa jpa, Runnable onChange) {
    this.jpa = jpa;
    this.changes = new ConfigChanges(jpa, onChange);
  }

  public PriceTable table() { return table; }

  public List<Price> all() {
    return jpa.read(em -> em.createQuery("select p from Price p order by p.model, p.provider, p.effectiveFrom",
        Price.class).getResultList());
  }

  public Optional<Price> find(long id) { return Optional.ofNullable(jpa.read(em -> em.find(Price.class, id))); }

  public Price create(PriceSpec spec) {
    Invalid.require(spec.problems(), InvalidPrice::new);
    return changes.apply(em -> {
      Price fresh = new Price(spec);
      em.persist(fresh);
      return fresh;
    });
  }

  /** For the config file: a row with the same model, provider and start date is updated, else one is added. */
  public Price save(PriceSpec spec) {
    Invalid.require(spec.problems(), InvalidPrice::new);
    return changes.apply(em -> {
      Price row = sameKey(em, spec).orElseGet(() -> {
        Price fresh = new Price(spec);
        em.persist(fresh);
        return fresh;
      });
      row.apply(spec);
      return row;
    });
  }

  public Price update(long id, PriceSpec spec, Long expectedVersion) {
    Invalid.require(spec.problems(), InvalidPrice::new);
    return changes.apply(em -> {
      Price row = existing(em, id);
      ConfigChanges.requireVersion(expectedVersion, row.version(), "price " + id);
      row.apply(spec);
      return row;
    });
  }

  public void delete(long id) {
    changes.run(em -> em.remove(existing(em, id)));
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

  public static final class PriceNotFound extends NotFound {
    public PriceNotFound(long id) { super("price", id); }
  }

  public static final class InvalidPrice extends Invalid {
    public InvalidPrice(List<Problem> problems) { super(problems); }
  }
}
