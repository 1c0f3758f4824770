package org.airouter.failover;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The random source for production: each call uses the calling thread's {@link ThreadLocalRandom}, so one
 * {@link TargetPicker} or {@link SameTargetWait} may serve every request thread without a lock. Tests pass a seeded
 * {@code SplittableRandom} instead.
 */
public final class PerThreadRandom implements RandomGenerator {
  public static final PerThreadRandom INSTANCE = new PerThreadRandom();

  private PerThreadRandom() {}

  @Override public long nextLong() { return ThreadLocalRandom.current().nextLong(); }

  @Override public long nextLong(long bound) { return ThreadLocalRandom.current().nextLong(bound); }
}
