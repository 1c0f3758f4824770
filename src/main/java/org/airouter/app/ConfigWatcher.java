package org.airouter.app;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.keys.ClientKeyService;
import org.airouter.persistence.ConfigVersion;
import org.airouter.persistence.Jpa;
import org.airouter.routing.Route;
import org.airouter.routing.RouteTable;
import org.airouter.routing.Router;
import org.airouter.secrets.SecretBox;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the proxy's snapshots in step with the database: rebuilt at once after a change made here, and within one
 * poll after a change made by another instance (or by hand, if it moves {@code config_state.version}). If the
 * database is down, the proxy keeps serving from the last snapshot.
 */
final class ConfigWatcher {
  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

  private final Jpa jpa;
  private final SecretBox box;
  private final Router router;
  private ClientKeyService keys;
  private volatile long seenVersion = -1;
  private volatile boolean databaseDown;

  ConfigWatcher(Jpa jpa, SecretBox box, Router router) {
    this.jpa = jpa;
    this.box = box;
    this.router = router;
  }

  void watchKeys(ClientKeyService keys) { this.keys = keys; }

  private final List<Runnable> others = new CopyOnWriteArrayList<>();

  /** Another snapshot rebuilt with the keys (teams, prices). */
  void watch(Runnable reload) { others.add(reload); }

  /** Rebuilds both snapshots from the database. */
  synchronized void reload() {
    long version = jpa.read(ConfigVersion::read);
    router.replace(RouteTable.of(jpa.read(em ->
        em.createQuery("select r from Route r", Route.class).getResultList()), box));
    keys.reload();
    others.forEach(Runnable::run);
    seenVersion = version;
  }

  /** @return whether the database answered (and a change, if any, was loaded) */
  boolean poll() {
    try {
      long version = jpa.read(ConfigVersion::read);
      if (version != seenVersion) reload();
      if (databaseDown) LOG.info("Database reachable again; configuration polled");
      databaseDown = false;
      return true;
    } catch (RuntimeException e) {
      if (!databaseDown) LOG.log(Level.WARNING, "Database unreachable; serving the last configuration", e);
      databaseDown = true;
      return false;
    }
  }

  void flushLastUsed() {
    try {
      keys.flushLastUsed();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "last-used times not written this time", e);
    }
  }
}
