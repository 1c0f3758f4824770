package org.airouter.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.airouter.keys.ClientKey;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.Team;
import org.airouter.persistence.ConfigVersion;
import org.airouter.persistence.Database;
import org.airouter.persistence.Jpa;
import org.airouter.persistence.Migrations;
import org.airouter.prices.Price;
import org.airouter.routing.Route;
import org.airouter.routing.RouteService;
import org.airouter.routing.RouteTable;
import org.airouter.routing.Router;
import org.airouter.routing.Target;
import org.airouter.secrets.ServerSecrets;
import org.airouter.security.AdminToken;

/**
 * The persistent half of the router, built as {@code RouterRuntime.start()} builds it, over a scratch database:
 * pool, migrations, JPA, generated secrets, both services, and a reload callback that rebuilds the snapshots.
 */
public final class RouterParts implements AutoCloseable {
  private final ScratchDatabase scratch;
  private final Path dataDir;
  private final Database database;
  private final Jpa jpa;
  private final ServerSecrets secrets;
  private final Router router = new Router();
  private final RouteService routes;
  private final ClientKeyService keys;
  private final AtomicInteger reloads = new AtomicInteger();

  private RouterParts(ScratchDatabase scratch) throws Exception {
    this.scratch = scratch;
    this.dataDir = Files.createTempDirectory("airouter-test-");
    this.database = scratch.pooled();
    Migrations.migrate(database);
    this.jpa = new Jpa(database, List.of(Route.class, Target.class, ClientKey.class,
        AdminToken.class, Team.class, Price.class));
    this.secrets = ServerSecrets.load(dataDir, Optional.empty(), Optional.empty());
    this.routes = new RouteService(jpa, secrets.box(), this::reload);
    this.keys = new ClientKeyService(jpa, secrets.keyHash(), this::reload);
    reload();
  }

  public static RouterParts start(DatabaseTarget target) {
    ScratchDatabase scratch = target.create();
    try {
      return new RouterParts(scratch);
    } catch (Exception e) {
      scratch.close();
      throw new IllegalStateException("router parts on " + target + " did not start: " + e.getMessage(), e);
    }
  }

  private void reload() {
    router.replace(RouteTable.of(routes.all(), secrets.box()));
    keys.reload();
    reloads.incrementAndGet();
  }

  /** Empties the tables (config version kept), so each test starts from nothing on a shared database. */
  public RouterParts clean() {
    jpa.run(em -> {
      em.createNativeQuery("delete from route_target").executeUpdate();
      em.createNativeQuery("delete from route").executeUpdate();
      em.createNativeQuery("delete from client_key").executeUpdate();
      em.createNativeQuery("delete from usage_record").executeUpdate();
      em.createNativeQuery("delete from usage_hourly").executeUpdate();
      em.createNativeQuery("delete from usage_daily").executeUpdate();
      em.createNativeQuery("delete from admin_token").executeUpdate();
      em.createNativeQuery("delete from admin_secret").executeUpdate();
      em.createNativeQuery("delete from instance_check").executeUpdate();
      em.createNativeQuery("delete from team").executeUpdate();
      em.createNativeQuery("delete from price").executeUpdate();
    });
    reload();
    return this;
  }

  public ScratchDatabase scratch() { return scratch; }
  public Database database() { return database; }
  public Jpa jpa() { return jpa; }
  public ServerSecrets secrets() { return secrets; }
  public Router router() { return router; }
  public RouteService routes() { return routes; }
  public ClientKeyService keys() { return keys; }

  /** How many times a service asked for the snapshots to be rebuilt. */
  public int reloads() { return reloads.get(); }

  public long configVersion() { return jpa.read(ConfigVersion::read); }

  public long count(String table) {
    return scratch.query("select count(*) from " + table, rs -> {
      rs.next();
      return rs.getLong(1);
    });
  }

  @Override public void close() {
    try {
      jpa.close();
    } finally {
      try {
        database.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        scratch.close();
        deleteQuietly(dataDir);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
