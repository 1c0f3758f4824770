package org.airouter.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One cell of a rollup: the start of its hour (or day), a key, a route, a model. */
record RollupKey(Instant start, long keyId, long routeId, String model) {
  static RollupKey of(UsageRecord r) {
    return new RollupKey(r.at().truncatedTo(ChronoUnit.HOURS), r.keyId(), r.routeId(),
        r.model() == null ? "" : r.model());
  }
}
