package org.airouter.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Deletes raw usage rows past the retention period; the hourly rollup is kept indefinitely. */
public final class Retention {
  private static final Logger LOG = Logger.getLogger(Retention.class.getName());
  private static final int SLICE = 5_000;

  private final UsageStore store;
  private final Duration keep;

  public Retention(UsageStore store, int days) {
    this.store = store;
    this.keep = Duration.ofDays(days);
  }

  public void purge() {
    try {
      int deleted = store.purgeBefore(Instant.now().minus(keep), SLICE);
      if (deleted > 0) LOG.info("Purged " + deleted + " raw usage records older than " + keep.toDays() + " days");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Usage retention purge failed; it runs again within the hour", e);
    }
  }
}
