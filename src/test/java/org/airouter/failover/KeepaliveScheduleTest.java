package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 16, item 7: keepalives before the first token, on a clock the test moves. */
class KeepaliveScheduleTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Instant start = clock.instant();

  private String text(Optional<byte[]> frame) { return new String(frame.orElseThrow(), StandardCharsets.US_ASCII); }

  @Test void theFirstKeepaliveComesAfterTenSecondsWithoutContentThenEveryFifteen() {
    Deadline deadline = Deadline.start(clock, Duration.ofSeconds(120));
    KeepaliveSchedule schedule = new KeepaliveSchedule(start, KeepaliveSchedule.DEFAULT_AFTER, deadline,
        StreamShape.OPENAI_CHAT);
    assertEquals(Optional.of(start.plusSeconds(10)), schedule.nextAt());
    assertEquals(Optional.empty(), schedule.due(start.plusSeconds(9)));
    assertFalse(schedule.committedHeaders());
    assertEquals(": keepalive\n\n", text(schedule.due(start.plusSeconds(10))));
    assertTrue(schedule.committedHeaders(), "the 200 goes out with the first keepalive");
    assertEquals(Optional.of(start.plusSeconds(25)), schedule.nextAt());
    assertEquals(Optional.empty(), schedule.due(start.plusSeconds(24)));
    assertTrue(schedule.due(start.plusSeconds(25)).isPresent());
  }

  @Test void messagesGetAnthropicsPingEvent() {
    KeepaliveSchedule schedule = new KeepaliveSchedule(start, Duration.ofSeconds(10),
        Deadline.start(clock, Duration.ofSeconds(60)), StreamShape.ANTHROPIC_MESSAGES);
    assertArrayEquals("event: ping\ndata: {\"type\": \"ping\"}\n\n".getBytes(StandardCharsets.US_ASCII),
        schedule.due(start.plusSeconds(10)).orElseThrow());
  }

  @Test void contentEndsTheKeepalives() {
    KeepaliveSchedule schedule = new KeepaliveSchedule(start, Duration.ofSeconds(10),
        Deadline.start(clock, Duration.ofSeconds(60)), StreamShape.OPENAI_CHAT);
    schedule.due(start.plusSeconds(10));
    schedule.contentArrived();
    assertEquals(Optional.empty(), schedule.nextAt());
    assertEquals(Optional.empty(), schedule.due(start.plusSeconds(40)));
  }

  @Test void keepalivesNeverExtendTheDeadlineNorOutliveIt() {
    Deadline deadline = Deadline.start(clock, Duration.ofSeconds(30));
    KeepaliveSchedule schedule = new KeepaliveSchedule(start, Duration.ofSeconds(10), deadline, StreamShape.OPENAI_CHAT);
    clock.advance(Duration.ofSeconds(10));
    schedule.due(clock.instant());
    clock.advance(Duration.ofSeconds(15));
    schedule.due(clock.instant());
    assertEquals(Duration.ofSeconds(5), deadline.remaining(), "two keepalives, the deadline unmoved");
    assertEquals(Optional.empty(), schedule.nextAt(), "the next one (40 s) would fall after the deadline (30 s)");
  }

  @Test void aStreamThatNeverWaitsTenSecondsSendsNone() {
    KeepaliveSchedule schedule = new KeepaliveSchedule(start, Duration.ofSeconds(10),
        Deadline.start(clock, Duration.ofSeconds(8)), StreamShape.OPENAI_CHAT);
    assertEquals(Optional.empty(), schedule.nextAt());
  }
}
