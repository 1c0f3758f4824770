package org.airouter.failover;

import org.airouter.wire.SseEvent;
import org.airouter.wire.SseParser;

/**
 * Watches a streamed answer until its commit point: the first content frame. Until then the relay holds what it
 * received (or regenerates it), so an error before content (a stream opened and then {@code overloaded_error}) can
 * go to the next target and the client sees one clean stream. From commit on, nothing is retried.
 *
 * <p>Fed the upstream bytes as they come ({@link #accept(byte[])}), or, for a translated stream, the translated
 * events ({@link #accept(SseEvent)}). Once decided it parses nothing more, so the rest of the stream costs nothing
 * here. One per attempt; not thread-safe.
 */
public final class CommitPoint {
  public enum State {
    /** No content yet: keep holding, a failure may still be retried. */
    HOLDING,
    /** Content arrived: release what is held and relay the rest as it comes. */
    COMMITTED,
    /** An error before any content ({@link #error()}): a failure before commit, retried by the usual rules. */
    FAILED,
    /** The answer ended well without content (an empty answer): release it. */
    ENDED
  }

  private static final ErrorFrame BROKEN =
      new ErrorFrame(502, "upstream_stream_broken", "The upstream stream ended before the answer did.");

  private final StreamShape shape;
  private final SseParser parser = new SseParser();
  private State state = State.HOLDING;
  private ErrorFrame error;

  public CommitPoint(StreamShape shape) { this.shape = shape; }

  public State accept(byte[] chunk) {
    if (state == State.HOLDING) parser.accept(chunk, this::accept);
    return state;
  }

  public State accept(SseEvent event) {
    if (state != State.HOLDING) return state;
    switch (Frames.classify(shape, event)) {
      case CONTENT -> state = State.COMMITTED;
      case END -> state = State.ENDED;
      case ERROR -> {
        state = State.FAILED;
        error = Frames.error(event);
      }
      default -> { }
    }
    return state;
  }

  /** The upstream body ended. Still holding: it broke off before its answer did, a failure before commit (502). */
  public State finish() {
    if (state == State.HOLDING) parser.finish(this::accept);
    if (state == State.HOLDING) {
      state = State.FAILED;
      error = BROKEN;
    }
    return state;
  }

  public State state() { return state; }

  /** The error of a {@link State#FAILED} stream, else null. */
  public ErrorFrame error() { return error; }

  /** A failure before commit as an attempt outcome, for the retry rules and target health. */
  public AttemptOutcome.Rejected outcome() {
    return error == null ? null : new AttemptOutcome.Rejected(error.status(), error.message());
  }
}
