package org.airouter.persistence;

import jakarta.persistence.EntityManager;

/**
 * The one-row counter that every configuration write moves, inside the same transaction, so that each instance of a
 * cluster can tell cheaply that its in-memory snapshot is stale.
 */
public final class ConfigVersion {
  private ConfigVersion() {}

  public static void bump(EntityManager em) {
    em.createNativeQuery("update config_state set version = version + 1 where id = 1").executeUpdate();
  }

  public static long read(EntityManager em) {
    return ((Number) em.createNativeQuery("select version from config_state where id = 1").getSingleResult())
        .longValue();
  }
}
