package org.airouter.configfile;

import java.util.List;
import org.airouter.keys.ClientKeySpec;
import org.airouter.keys.TeamSpec;
import org.airouter.prices.PriceSpec;
import org.airouter.routing.RouteSpec;

/**
 * A configuration file, read: the entries that parsed, each with where it stood, and the ones that did not, each with
 * its reason.
 */
public record ConfigDocument(List<Entry<RouteSpec>> routes, List<KeyEntry> clientKeys, List<Entry<TeamSpec>> teams,
                             List<Entry<PriceSpec>> prices, List<String> problems) {

  public ConfigDocument(List<Entry<RouteSpec>> routes, List<KeyEntry> clientKeys, List<String> problems) {
    this(routes, clientKeys, List.of(), List.of(), problems);
  }

  /** One entry and its position in the file, e.g. "routes[2]". */
  public record Entry<T>(String position, T spec) {}

  /** A client key entry: the operator's full key travels with it. */
  public record KeyEntry(String position, ClientKeySpec spec, String key) {
    @Override public String toString() { return "KeyEntry[" + position + ", " + spec.name() + "]"; }
  }
}
