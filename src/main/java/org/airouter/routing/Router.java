package org.airouter.routing;

import java.util.Optional;

/** Holds the current route snapshot; the proxy reads it, the services replace it. No database on the hot path. */
public final class Router {
  private volatile RouteTable table = RouteTable.EMPTY;

  public Optional<ActiveRoute> route(String model) { return table.route(model); }

  public RouteTable table() { return table; }

  public void replace(RouteTable next) { this.table = next; }
}
