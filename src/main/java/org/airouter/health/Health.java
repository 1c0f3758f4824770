package org.airouter.health;

import java.util.function.BooleanSupplier;
import org.airouter.persistence.ConfigVersion;
import org.airouter.persistence.Jpa;

/** Ready means: the database answers and the configuration has been loaded into the proxy's snapshots. */
public final class Health {
  private final Jpa jpa;
  private final BooleanSupplier configLoaded;

  public Health(Jpa jpa, BooleanSupplier configLoaded) {
    this.jpa = jpa;
    this.configLoaded = configLoaded;
  }

  public record Readiness(boolean database, boolean config) {
    public boolean ready() { return database && config; }
  }

  public Readiness readiness() {
    boolean database;
    try {
      jpa.read(ConfigVersion::read);
      database = true;
    } catch (RuntimeException e) {
      database = false;
    }
    return new Readiness(database, configLoaded.getAsBoolean());
  }
}
