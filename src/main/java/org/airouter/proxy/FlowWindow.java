package org.airouter.proxy;

import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * The relay's half of backpressure: how much upstream may still send, what to grant it as the client drains, and what
 * this stream holds on the shared gauge ({@link QueuedBytes}).
 *
 * <p>A stream never holds more than {@link #HIGH_WATER} bytes for its client. What upstream may still send (the window
 * HttpClient was granted) counts as held too, so grants keep held bytes plus that window within the bound, less room
 * for the one read HttpClient may deliver beyond a window over HTTP/1.1. Guarded by the relay's lock; the grant itself
 * ({@link CapacityChannel#update}) is the relay's to make, outside the lock.
 */
final class FlowWindow {
  static final int HIGH_WATER = 64 * 1024;
  /** The window an upstream starts with, before any grant: UpstreamClient sets it for HTTP/1.1 and HTTP/2 alike. */
  static final int INITIAL_WINDOW = 32 * 1024;
  // HttpClient checks an HTTP/1.1 window only after each read: one read (its buffer, or a TLS record) may land beyond.
  private static final int OVERSHOOT = 16 * 1024;
  private static final int MIN_GRANT = 8 * 1024;   // no window update per frame while a client drains

  private final QueuedBytes gauge;
  private CapacityChannel channel;
  private int credit = INITIAL_WINDOW;   // what upstream may send before the next grant; negative after an overshoot
  private int reported;                  // held bytes last told to the gauge
  private boolean starved;               // upstream reading is paused until the client drains

  FlowWindow(QueuedBytes gauge) { this.gauge = gauge; }

  void channel(CapacityChannel channel) { this.channel = channel; }

  /** Where grants go; null until the HTTP client asked for capacity once. */
  CapacityChannel channel() { return channel; }

  /** Upstream sent this many bytes of its window. */
  void received(int bytes) { credit -= bytes; }

  /** Upstream reading is paused until the client drains. */
  boolean starved() { return starved; }

  /**
   * Room upstream may fill now: the bound less what is held and what upstream may already send; taken into the
   * credit when returned. Below {@link #MIN_GRANT} nothing is granted unless upstream has no window left at all.
   *
   * @param held     bytes this stream holds for its client (queued, and a transform's unfinished frame)
   * @param askedFor the HTTP client asked for capacity (rather than the client having drained)
   */
  int grant(int held, boolean askedFor) {
    int grant = HIGH_WATER - OVERSHOOT - held - credit;
    if (grant <= 0 || (grant < MIN_GRANT && credit > 0) || (!askedFor && !starved && grant < MIN_GRANT)) {
      starved = credit <= 0;
      return 0;
    }
    starved = false;
    credit += grant;
    return grant;
  }

  /** Tells the gauge what this stream holds now. */
  void account(int held) {
    if (held != reported) {
      gauge.moved(reported, held);
      reported = held;
    }
  }
}
