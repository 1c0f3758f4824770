package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: 260 clients announcing 4 MiB each and sending nothing ran the heap out, because each body allocated its
 * Content-Length up front. Memory follows the bytes that arrive, and all bodies share one budget.
 */
class RequestBodyTest {
  static final int MIB = 1024 * 1024;

  @Test void anAnnouncedBodyHoldsNothingBeforeItsFirstByte() {
    BodyMemory budget = new BodyMemory(256L * MIB);
    List<RequestBody> bodies = new ArrayList<>();
    for (int i = 0; i < 260; i++) bodies.add(new RequestBody(4L * MIB, 32 * MIB, budget, false));

    assertEquals(0, budget.reserved());
    bodies.forEach(b -> assertEquals(0, b.capacity()));
  }

  @Test void memoryGrowsWithTheBytesAndIsReservedFirst() throws Exception {
    BodyMemory budget = new BodyMemory(256L * MIB);
    RequestBody body = new RequestBody(4L * MIB, 32 * MIB, budget, false);

    body.append(new byte[100], 100);
    assertEquals(RequestBody.FIRST_CHUNK, body.capacity(), "a small first chunk, not the announced 4 MiB");
    assertEquals(body.capacity(), budget.reserved());

    body.append(new byte[RequestBody.FIRST_CHUNK], RequestBody.FIRST_CHUNK);
    assertEquals(2 * RequestBody.FIRST_CHUNK, body.capacity(), "doubled");
    assertEquals(body.capacity(), budget.reserved());
  }

  @Test void growthStopsAtTheAnnouncedLength() throws Exception {
    BodyMemory budget = new BodyMemory(256L * MIB);
    int announced = 3 * RequestBody.FIRST_CHUNK + 5;
    RequestBody body = new RequestBody(announced, 32 * MIB, budget, false);
    byte[] bytes = new byte[announced];
    new Random(1).nextBytes(bytes);
    for (int at = 0; at < announced; at += 1000) body.append(Arrays.copyOfRange(bytes, at,
        Math.min(announced, at + 1000)), Math.min(1000, announced - at));

    assertEquals(announced, body.capacity());
    assertEquals(announced, budget.reserved());
    assertArrayEquals(bytes, Arrays.copyOf(body.array(), body.arrayLength()));
  }

  @Test void closingGivesTheMemoryBackOnce() throws Exception {
    BodyMemory budget = new BodyMemory(256L * MIB);
    RequestBody a = new RequestBody(-1, 32 * MIB, budget, false);
    RequestBody b = new RequestBody(-1, 32 * MIB, budget, false);
    a.append(new byte[50_000], 50_000);
    b.append(new byte[10], 10);

    a.close();
    a.close();   // fail() and ended() may both close
    assertEquals(b.capacity(), budget.reserved());
    b.close();
    assertEquals(0, budget.reserved());
    a.append(new byte[10], 10);   // a late read after an abort changes nothing
    assertEquals(0, budget.reserved());
  }

  @Test void aBodyThatMustStayInMemoryIsRefusedOverTheBudget() throws Exception {
    BodyMemory budget = new BodyMemory(100_000);
    RequestBody first = new RequestBody(-1, 32 * MIB, budget, false);
    first.append(new byte[60_000], 60_000);
    RequestBody second = new RequestBody(-1, 32 * MIB, budget, false);

    assertThrows(RequestBody.OverBudget.class, () -> second.append(new byte[60_000], 60_000));
    assertTrue(budget.reserved() <= budget.limit(), budget.reserved() + " reserved");
    first.close();
    second.close();
    assertEquals(0, budget.reserved());
  }

  @Test void aBodyThatMayGoToDiskGoesThereOverTheBudgetWhole() throws Exception {
    BodyMemory budget = new BodyMemory(64 * 1024);
    byte[] bytes = new byte[3 * MIB];
    new Random(2).nextBytes(bytes);
    try (RequestBody body = new RequestBody(bytes.length, MIB, budget, true)) {
      for (int at = 0; at < bytes.length; at += 16 * 1024) body.append(Arrays.copyOfRange(bytes, at, at + 16 * 1024), 16 * 1024);

      assertFalse(body.inMemoryWhole());
      assertTrue(budget.reserved() <= 64 * 1024, budget.reserved() + " reserved");
      assertEquals(bytes.length, body.size());
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      try (InputStream in = body.open()) {
        in.transferTo(read);
      }
      assertArrayEquals(bytes, read.toByteArray());
    }
    assertEquals(0, budget.reserved());
  }

  @Test void theBudgetHoldsUnderConcurrentBodies() throws Exception {
    BodyMemory budget = new BodyMemory(2L * MIB);
    List<Thread> threads = new ArrayList<>();
    AtomicLong maxSeen = new AtomicLong();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        for (int round = 0; round < 50; round++) {
          RequestBody body = new RequestBody(-1, 32 * MIB, budget, false);
          try {
            for (int i = 0; i < 20; i++) {
              body.append(new byte[8192], 8192);
              maxSeen.accumulateAndGet(budget.reserved(), Math::max);
            }
          } catch (RequestBody.OverBudget | IOException refused) {
            // as expected once the others hold the rest
          } finally {
            body.close();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) t.join();
    assertEquals(0, budget.reserved());
    assertTrue(maxSeen.get() <= budget.limit(), maxSeen.get() + " > limit");
  }
}
