package org.airouter.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * The application's persistence unit, defined in code (no persistence.xml, so no server builds or swaps it), and the
 * one transaction helper: Tomcat has no JTA, and {@code @Transactional} would silently do nothing there.
 */
public final class Jpa implements AutoCloseable {
  private final EntityManagerFactory factory;

  public Jpa(Database database, List<Class<?>> entities) {
    // No hibernate.enhancer.* settings: UnitInfo ignores class transformers, so nothing is enhanced either way, and
    // Hibernate 6.6 logs a deprecation warning at every start for each one set.
    Map<String, Object> properties = new HashMap<>(Map.of(
        "hibernate.hbm2ddl.auto", "validate",            // Flyway owns the schema
        "hibernate.jdbc.batch_size", "50",
        "hibernate.order_inserts", "true",
        "hibernate.id.optimizer.pooled.preferred", "pooled-lo",
        "hibernate.connection.handling_mode", "DELAYED_ACQUISITION_AND_RELEASE_AFTER_TRANSACTION",
        "hibernate.jdbc.time_zone", "UTC",                // one clock for every vendor, MariaDB's datetime included
        // JSON-B, not the Jackson that swagger brings along: Jackson's module lookup breaks when the server has a Jackson of its own.
        "hibernate.type.json_format_mapper", "jsonb"));
    // Every query's JDBC timeout, so a statement held up (a lock, a slow plan) fails and its job tries again.
    if (database.timeouts().queryMs() > 0) {
      properties.put("jakarta.persistence.query.timeout", Long.toString(database.timeouts().queryMs()));
    }
    this.factory = new HibernatePersistenceProvider().createContainerEntityManagerFactory(
        new UnitInfo("ai-router", database.dataSource(), entities, Jpa.class.getClassLoader()), properties);
  }

  public <T> T inTransaction(Function<EntityManager, T> work) {
    EntityManager em = factory.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      T result = work.apply(em);
      tx.commit();
      return result;
    } catch (RuntimeException e) {
      if (tx.isActive()) tx.rollback();
      throw e;
    } finally {
      em.close();
    }
  }

  public void run(Consumer<EntityManager> work) {
    inTransaction(em -> {
      work.accept(em);
      return null;
    });
  }

  /** Reads need no transaction of their own, but run in one so every vendor sees a consistent snapshot. */
  public <T> T read(Function<EntityManager, T> work) { return inTransaction(work); }

  @Override public void close() { factory.close(); }
}
