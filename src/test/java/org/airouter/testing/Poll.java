package org.airouter.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The one polling loop of the tests: asks for a value until it is what the test waits for or the patience is spent,
 * then hands back the last value for the test to assert on (so a failure says what was last seen). Used where the
 * app does something off the request (usage written in batches, a config poll, a health check) and there is nothing
 * to wait on but the outcome.
 */
public final class Poll {
  private Poll() {}

  /** A value that may take a while; may throw (an HTTP call, a query). */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  /** Asks {@code probe} every {@code every} until {@code done} holds or {@code patience} is spent; the last answer. */
  public static <T> T until(Duration patience, Duration every, Probe<T> probe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + patience.toNanos();
    try {
      T value = probe.get();
      while (!done.test(value) && System.nanoTime() < deadline) {
        Thread.sleep(every.toMillis());
        value = probe.get();
      }
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("polling failed", e);
    }
  }

  /** As {@link #until(Duration, Duration, Probe, Predicate)}, asking every 100 ms. */
  public static <T> T until(Duration patience, Probe<T> probe, Predicate<? super T> done) {
    return until(patience, Duration.ofMillis(100), probe, done);
  }
}
