package org.airouter.proxy;

/**
 * Where one relayed answer stands, and how it ended: the relay's phase machine. A step that does not fit the phase
 * throws, so a relay that lost track of itself fails loudly in a test instead of writing to a client twice.
 *
 * <pre>
 * WAITING_FOR_HEAD ──head──► HOLDING ──commit──► COMMITTED
 *        │                     │                     │
 *        └────────── end(how) ─┴─────────────────────┴──► ENDING ──finish──► DONE
 *   (and finish(clientGone) from any phase but DONE)
 * </pre>
 *
 * <p>The commit point is where the upstream's answer is handed to the client: its status and headers are queued for
 * the response (a stream's at once, a whole body's with the body). Before it, a failure leaves the client nothing of
 * that answer and is {@link Ending#FAILED_BEFORE_COMMIT}: an attempt another upstream could make again. After it the
 * client has part of an answer, and a failure can only end it. Not thread-safe: the relay calls it under its lock.
 */
final class RelayState {

  enum Phase {
    /** The upstream call is out; no status yet. */
    WAITING_FOR_HEAD,
    /** The upstream's head is in, the client has nothing of it yet (an error body being read, a whole body held). */
    HOLDING,
    /** The answer's head is the client's; upstream bytes still flow. */
    COMMITTED,
    /** Nothing more comes from upstream; what is queued for the client is being written. */
    ENDING,
    /** Over: the owner has been (or is being) told. */
    DONE
  }

  /** How the exchange ended, as its owner is told. */
  enum Ending {
    /** Upstream answered, and the answer went to the client (an error frame inside a stream included). */
    ANSWERED,
    /** An upstream error status, an unreachable upstream or an unreadable answer, before the client saw any of it. */
    FAILED_BEFORE_COMMIT,
    /** Upstream broke off after the client had the head: the stream ends with an error frame. */
    FAILED_AFTER_COMMIT,
    /** No first byte, or silence mid-answer, for too long (before or after commit: see {@link #committed()}). */
    TIMED_OUT,
    /** The router stops. */
    SHUT_DOWN,
    /** The client left; whatever was queued for it is dropped. */
    CLIENT_GONE
  }

  private Phase phase = Phase.WAITING_FOR_HEAD;
  private boolean committed;
  private Ending ending;
  private boolean reported;

  Phase phase() { return phase; }

  /** Whether the upstream's answer was handed to the client. */
  boolean committed() { return committed; }

  /** How it ended; null before {@link Phase#ENDING}. */
  Ending ending() { return ending; }

  /** Nothing more will be queued for the client (the phase is ENDING or DONE). */
  boolean upstreamDone() { return phase == Phase.ENDING || phase == Phase.DONE; }

  boolean done() { return phase == Phase.DONE; }

  /** The upstream's status and headers arrived. */
  void headArrived() {
    require(phase == Phase.WAITING_FOR_HEAD, "a head");
    phase = Phase.HOLDING;
  }

  /** The upstream's answer goes to the client from now on. */
  void commit() {
    require(phase == Phase.HOLDING, "a commit");
    phase = Phase.COMMITTED;
    committed = true;
  }

  /** Nothing more comes from upstream, for this reason. */
  void end(Ending how) {
    require(phase == Phase.WAITING_FOR_HEAD || phase == Phase.HOLDING || phase == Phase.COMMITTED, "an end");
    switch (how) {
      case ANSWERED -> require(phase != Phase.WAITING_FOR_HEAD, "an answer without a head");
      case FAILED_BEFORE_COMMIT -> require(!committed, "a failure before commit");
      case FAILED_AFTER_COMMIT -> require(committed, "a failure after commit");
      case CLIENT_GONE -> require(false, "an end by the client (that is finish(true))");
      case TIMED_OUT, SHUT_DOWN -> { }
    }
    phase = Phase.ENDING;
    ending = how;
  }

  /**
   * The relay is over: after {@link #end} once all is written, or at once when the client left (what was queued for
   * it is dropped, and the client's leaving is how it ended).
   */
  void finish(boolean clientGone) {
    require(phase != Phase.DONE, "a second finish");
    if (clientGone) {
      ending = Ending.CLIENT_GONE;
    } else {
      require(phase == Phase.ENDING, "a finish before the end");
    }
    phase = Phase.DONE;
  }

  /** True once, after {@link #finish}: for the one caller that tells the owner. */
  boolean claimReport() {
    if (phase != Phase.DONE || reported) return false;
    reported = true;
    return true;
  }

  private void require(boolean legal, String step) {
    if (!legal) throw new IllegalStateException(step + " is not allowed in phase " + phase
        + (ending == null ? "" : " (" + ending + ")"));
  }

  @Override public String toString() { return phase + (ending == null ? "" : "/" + ending) + (committed ? "/committed" : ""); }
}
