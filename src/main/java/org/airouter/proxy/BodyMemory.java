package org.airouter.proxy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all request bodies may hold in memory together. A body reserves each array before it allocates it and
 * gives the reservation back when it is closed; a reservation that would pass the limit is refused, so a crowd of
 * clients announcing large bodies cannot run the heap out (which killed Tomcat's acceptor and poller threads once).
 */
final class BodyMemory {
  private final long limit;
  private final AtomicLong reserved = new AtomicLong();

  BodyMemory(long limit) { this.limit = limit; }

  /** True if {@code bytes} more fit and are now reserved. */
  boolean reserve(long bytes) {
    while (true) {
      long now = reserved.get();
      if (now + bytes > limit) return false;
      if (reserved.compareAndSet(now, now + bytes)) return true;
    }
  }

  void release(long bytes) { reserved.addAndGet(-bytes); }

  /** Bytes reserved by bodies in flight right now. */
  long reserved() { return reserved.get(); }

  long limit() { return limit; }
}
