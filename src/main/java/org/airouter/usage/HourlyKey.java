package org.airouter.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One cell of the hourly rollup: an hour, a key, a route, a model. */
record HourlyKey(Instant hour, long keyId, long routeId, String model) {
  static HourlyKey of(UsageRecord r) {
    return new HourlyKey(r.at().truncatedTo(ChronoUnit.HOURS), r.keyId(), r.routeId(),
        r.model() == null ? "" : r.model());
  }
}
