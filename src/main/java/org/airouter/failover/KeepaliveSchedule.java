package org.airouter.failover;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a streamed request waits for its first content, keeps the client's connection (and every proxy on the way)
 * from timing out: once {@code keepaliveAfter} (default 10 s) passes with no content, the 200 and the stream's
 * headers go out and a keepalive frame follows every 15 s until content arrives. Retries stay possible meanwhile;
 * a final failure after the first keepalive becomes the stream's error frame. It only tells when: it never moves the
 * request's {@link Deadline}, and schedules nothing after it.
 */
public final class KeepaliveSchedule {
  public static final Duration DEFAULT_AFTER = Duration.ofSeconds(10);
  public static final Duration EVERY = Duration.ofSeconds(15);
  /** An SSE comment: every SSE client skips it. */
  static final byte[] COMMENT = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);
  /** Anthropic's own keepalive event on /v1/messages, byte for byte as Anthropic sends it; its SDKs skip it. */
  static final byte[] ANTHROPIC_PING = "event: ping\ndata: {\"type\": \"ping\"}\n\n".getBytes(StandardCharsets.US_ASCII);

  private final Deadline deadline;
  private final byte[] frame;
  private final Duration every;
  private Instant next;
  private boolean sentAny;
  private boolean content;

  /** @param start when the client request began streaming (its first attempt started) */
  public KeepaliveSchedule(Instant start, Duration after, Deadline deadline, StreamShape shape) {
    this(start, after, EVERY, deadline, shape);
  }

  /** @param every the pause between two keepalives ({@link #EVERY} but in tests) */
  public KeepaliveSchedule(Instant start, Duration after, Duration every, Deadline deadline, StreamShape shape) {
    this.every = every;
    this.deadline = deadline;
    this.next = start.plus(after);
    this.frame = shape == StreamShape.ANTHROPIC_MESSAGES ? ANTHROPIC_PING : COMMENT;
  }

  /** When the next keepalive is due; empty once content arrived or when it would fall after the deadline. */
  public Optional<Instant> nextAt() {
    if (content || !next.isBefore(deadline.end())) return Optional.empty();
    return Optional.of(next);
  }

  /**
   * The frame to send now, if one is due at {@code now} (the headers go first when it is the first one: see
   * {@link #committedHeaders()}); the next one is then {@link #EVERY} (or the interval given) later.
   */
  public Optional<byte[]> due(Instant now) {
    Optional<Instant> at = nextAt();
    if (at.isEmpty() || now.isBefore(at.get())) return Optional.empty();
    sentAny = true;
    next = now.plus(every);
    return Optional.of(frame.clone());
  }

  /** The first content frame reached the client: no more keepalives. */
  public void contentArrived() { content = true; }

  /** Whether a keepalive went out, so the 200 and the headers are sent: a failure must now be an error frame. */
  public boolean committedHeaders() { return sentAny; }
}
