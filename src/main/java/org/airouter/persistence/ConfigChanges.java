package org.airouter.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How the services write the configuration the proxy serves (routes, client keys, teams, prices): the change and
 * {@link ConfigVersion#bump} in one transaction, so that every instance can tell its snapshot is stale, then
 * {@code onChange}, this instance's own reload.
 */
public final class ConfigChanges {
  private final Jpa jpa;
  private final Runnable onChange;

  public ConfigChanges(Jpa jpa, Runnable onChange) {
    this.jpa = jpa;
    this.onChange = onChange;
  }

  /** Makes the change; returns what it returns (the row written), once this instance has reloaded. */
  public <T> T apply(Function<EntityManager, T> change) {
    T written = jpa.inTransaction(em -> {
      T result = change.apply(em);
      ConfigVersion.bump(em);
      return result;
    });
    onChange.run();
    return written;
  }

  public void run(Consumer<EntityManager> change) {
    apply(em -> {
      change.accept(em);
      return null;
    });
  }

  /**
   * An update names the version it read ({@code expected}; null: the console's own form, which does not): a row
   * someone else changed since is not overwritten (a 409).
   */
  public static void requireVersion(Long expected, long actual, String what) {
    if (expected != null && expected != actual) throw new OptimisticLockException(what + " was changed by someone else");
  }
}
