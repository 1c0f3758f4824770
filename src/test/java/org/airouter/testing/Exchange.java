package org.airouter.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One request the mock upstream answered (or refused to), with the timing of what it sent and of the peer's exit. */
public final class Exchange {
  private final RecordedRequest request;
  private final Reply reply;
  private final List<Instant> frameSentAt = new CopyOnWriteArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile Instant headSentAt;
  private volatile Instant endedAt;
  private volatile Instant peerClosedAt;
  private volatile boolean resetByUs;

  Exchange(RecordedRequest request, Reply reply) {
    this.request = request;
    this.reply = reply;
  }

  public RecordedRequest request() { return request; }
  public Reply reply() { return reply; }

  /** When each SSE frame had been written and flushed, in order. */
  public List<Instant> frameSentAt() { return List.copyOf(frameSentAt); }
  public Instant headSentAt() { return headSentAt; }

  public Instant firstFrameSentAt() {
    return frameSentAt.isEmpty() ? null : frameSentAt.get(0);
  }

  public Instant lastFrameSentAt() {
    return frameSentAt.isEmpty() ? null : frameSentAt.get(frameSentAt.size() - 1);
  }

  /** When the peer (the router) closed or reset the connection while this exchange was in progress; null if not. */
  public Instant peerClosedAt() { return peerClosedAt; }

  public boolean peerClosed() { return peerClosedAt != null; }

  /** True if the mock reset the connection on purpose (Reply.reset / resetAfter). */
  public boolean resetByUs() { return resetByUs; }

  /** When the mock stopped working on this exchange: completed, reset, or saw the peer leave. */
  public Instant endedAt() { return endedAt; }

  /** Waits until the exchange has ended; true if it did within the timeout. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until the peer closed the connection; returns when it did, or null on timeout. */
  public Instant awaitPeerClose(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (peerClosedAt == null && System.nanoTime() < deadline) {
      if (ended.await(20, TimeUnit.MILLISECONDS) && peerClosedAt == null) return null;
    }
    return peerClosedAt;
  }

  void headSent() { headSentAt = Instant.now(); }
  void frameSent() { frameSentAt.add(Instant.now()); }
  void peerClosed(Instant at) { if (peerClosedAt == null) peerClosedAt = at; }
  void markResetByUs() { resetByUs = true; }

  void end() {
    if (endedAt == null) endedAt = Instant.now();
    ended.countDown();
  }

  @Override public String toString() {
    return request + " -> " + reply + ", frames " + frameSentAt.size()
        + (peerClosedAt != null ? ", peer closed" : "") + (resetByUs ? ", reset by mock" : "");
  }
}
