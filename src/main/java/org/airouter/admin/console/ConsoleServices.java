package org.airouter.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.airouter.configfile.ConfigTransfer;
import org.airouter.keys.ClientKeyService;
import org.airouter.probe.RouteProbe;
import org.airouter.routing.RouteService;
import org.airouter.usage.UsageReport;

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
  @Inject org.airouter.keys.TeamService teams;
  @Inject org.airouter.prices.PriceService prices;
  @Inject org.airouter.limits.Limiter limiter;
  @Inject org.airouter.proxy.Proxy proxy;

  public RouteService routes() { return routes; }
  public ClientKeyService keys() { return keys; }
  public RouteProbe probe() { return tests; }
  public UsageReport usage() { return usage; }
  public ConfigTransfer config() { return config; }
  public org.airouter.keys.TeamService teams() { return teams; }
  public org.airouter.prices.PriceService prices() { return prices; }
  public org.airouter.limits.Limiter limiter() { return limiter; }
  /** Target health on this instance (the console shows it per target). */
  public java.util.List<org.airouter.failover.HealthSnapshot> targetHealth() { return proxy.targetHealth(); }
}
