package org.airouter.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.airouter.capture.Captures;
import org.airouter.configfile.ConfigTransfer;
import org.airouter.keys.ClientKeyService;
import org.airouter.probe.RouteProbe;
import org.airouter.routing.RouteService;
import org.airouter.usage.UsageReport;
import java.util.List;
import org.airouter.failover.HealthSnapshot;
import org.airouter.keys.TeamService;
import org.airouter.limits.Limiter;
import org.airouter.prices.PriceService;
import org.airouter.proxy.Proxy;
import org.airouter.audit.AuditLog;
import org.airouter.security.ConsoleUsers;

/**
 * The services the page beans call, the same instances the admin API uses. It exists because the pages are view
 * scoped (passivating) and the services are plain objects from RouterRuntime's producers, which CDI will not inject
 * into a passivating bean; this bean's client proxy is what the pages hold instead.
 */
@ApplicationScoped
public class ConsoleServices {
  @Inject RouteService routes;
  @Inject ClientKeyService keys;
  @Inject RouteProbe tests;
  @Inject UsageReport usage;
  @Inject ConfigTransfer config;
  @Inject TeamService teams;
  @Inject PriceService prices;
  @Inject Limiter limiter;
  @Inject Proxy proxy;
  @Inject ConsoleUsers users;
  @Inject AuditLog audit;
  @Inject Captures captures;

  public RouteService routes() { return routes; }
  public ClientKeyService keys() { return keys; }
  public RouteProbe probe() { return tests; }
  public UsageReport usage() { return usage; }
  public ConfigTransfer config() { return config; }
  public TeamService teams() { return teams; }
  public PriceService prices() { return prices; }
  public Limiter limiter() { return limiter; }
  public ConsoleUsers users() { return users; }
  public AuditLog audit() { return audit; }
  public Captures captures() { return captures; }
  /** Target health on this instance (the console shows it per target). */
  public List<HealthSnapshot> targetHealth() { return proxy.targetHealth(); }
}
