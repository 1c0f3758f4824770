package org.airouter.limits;

import java.time.Instant;

/**
 * What a key or a team has spent since an instant, in billionths of a USD, from the usage rollups: a budget counter
 * starts from it when it is first used in its period (after a restart, or on a Redis that lost its data).
 */
@FunctionalInterface
public interface SpendSource {
  SpendSource NONE = (team, id, from) -> 0;

  /** @param id a key id, or a team name when {@code team} */
  long spentNanos(boolean team, String id, Instant from);
}
