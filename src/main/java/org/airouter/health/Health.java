package org.airouter.health;

import java.util.function.BooleanSupplier;
import org.airouter.persistence.ConfigVersion;
import org.airouter.persistence.Jpa;

/**
 * Ready means: the database answers, the configuration has been loaded into the proxy's snapshots, and the instance is
 * not shutting down (a draining instance leaves the load balancer before its last streams are ended).
 */
public final class Health {
  private final Jpa jpa;
  private final BooleanSupplier configLoaded;
  private final BooleanSupplier draining;

  public Health(Jpa jpa, BooleanSupplier configLoaded, BooleanSupplier draining) {
    this.jpa = jpa;
    this.configLoaded = configLoaded;
    this.draining = draining;
  }

  public record Readiness(boolean database, boolean config, boolean draining) {
    public boolean ready() { return database && config && !draining; }
  }

  public Readiness readiness() {
    boolean database;
    try {
      jpa.read(ConfigVersion::read);
      database = true;
    } catch (RuntimeException e) {
      database = false;
    }
    return new Readiness(database, configLoaded.getAsBoolean(), draining.getAsBoolean());
  }
}
