package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The non-blocking body read against the containers' two ways of keeping the {@link ReadListener} contract: Payara's
 * (Grizzly: {@code isFinished()} is true once the last chunk has arrived, unread or not, and {@code onAllDataRead()}
 * comes only from an {@code isReady()} that finds nothing left) and Tomcat's ({@code isFinished()} once the last byte
 * has been read; the container calls {@code onAllDataRead()} after the callback). Issue 7: on Payara a small body that
 * came with the headers was never read and the request hung.
 */
class BodyReaderTest {
  static final byte[] CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
      .getBytes(StandardCharsets.UTF_8);

  enum Container {
    PAYARA(GrizzlyInput::new), TOMCAT(TomcatInput::new);

    final Supplier<FakeInput> input;

    Container(Supplier<FakeInput> input) { this.input = input; }
  }

  @ParameterizedTest @EnumSource(Container.class)
  void aBodyThatCameWithTheHeadersIsReadWhole(Container container) throws IOException {
    FakeInput in = container.input.get();
    in.arrive(CHAT, true);
    Sink sink = new Sink();
    RequestBody body = new RequestBody(CHAT.length, 1 << 20, new BodyMemory(1 << 20), false);

    new BodyReader(in, body, 1 << 20, sink).start();
    in.settle();

    assertEquals(List.of("read"), sink.events);
    assertEquals(new String(CHAT, StandardCharsets.UTF_8), text(body));
  }

  @ParameterizedTest @EnumSource(Container.class)
  void aBodyInChunksIsReadWhole(Container container) throws IOException {
    FakeInput in = container.input.get();
    Sink sink = new Sink();
    RequestBody body = new RequestBody(-1, 1 << 20, new BodyMemory(1 << 20), false);

    new BodyReader(in, body, 1 << 20, sink).start();
    in.settle();
    in.arrive(Arrays.copyOfRange(CHAT, 0, 10), false);
    in.settle();
    in.arrive(Arrays.copyOfRange(CHAT, 10, 30), false);
    in.settle();
    assertEquals(List.of(), sink.events, "not before the last chunk");
    in.arrive(Arrays.copyOfRange(CHAT, 30, CHAT.length), true);
    in.settle();

    assertEquals(List.of("read"), sink.events);
    assertEquals(new String(CHAT, StandardCharsets.UTF_8), text(body));
  }

  @ParameterizedTest @EnumSource(Container.class)
  void anEmptyLastChunkEndsTheBody(Container container) throws IOException {
    FakeInput in = container.input.get();
    in.arrive(CHAT, false);   // chunked: the terminating zero-length chunk comes in a later packet
    Sink sink = new Sink();
    RequestBody body = new RequestBody(-1, 1 << 20, new BodyMemory(1 << 20), false);

    new BodyReader(in, body, 1 << 20, sink).start();
    in.settle();
    in.arrive(new byte[0], true);
    in.settle();

    assertEquals(List.of("read"), sink.events);
    assertEquals(CHAT.length, body.size());
  }

  @ParameterizedTest @EnumSource(Container.class)
  void aBodyOverTheLimitStopsTheReading(Container container) throws IOException {
    FakeInput in = container.input.get();
    in.arrive(CHAT, true);
    Sink sink = new Sink();

    new BodyReader(in, new RequestBody(CHAT.length, 1 << 20, new BodyMemory(1 << 20), false), CHAT.length - 1, sink).start();
    in.settle();

    assertEquals(List.of("tooLarge"), sink.events, "and no forwarding after it");
  }

  @ParameterizedTest @EnumSource(Container.class)
  void aJsonBodyOverTheMemoryBudgetStopsTheReading(Container container) throws IOException {
    FakeInput in = container.input.get();
    in.arrive(CHAT, true);
    Sink sink = new Sink();
    BodyMemory budget = new BodyMemory(CHAT.length - 1);

    new BodyReader(in, new RequestBody(CHAT.length, 1 << 20, budget, false), 1 << 20, sink).start();
    in.settle();

    assertEquals(List.of("overBudget"), sink.events, "and no forwarding after it");
    assertEquals(0, budget.reserved());
  }

  @ParameterizedTest @EnumSource(Container.class)
  void aStalledBodyIsStoppedOnceAndLateBytesAreNotRead(Container container) throws IOException {
    FakeInput in = container.input.get();
    Sink sink = new Sink();
    RequestBody body = new RequestBody(-1, 1 << 20, new BodyMemory(1 << 20), false);
    BodyReader reader = new BodyReader(in, body, 1 << 20, sink);
    reader.start();
    in.arrive(Arrays.copyOfRange(CHAT, 0, 10), false);
    in.settle();

    assertEquals(true, reader.stall(), "the watchdog stops it");
    assertEquals(false, reader.stall(), "only once");
    in.arrive(Arrays.copyOfRange(CHAT, 10, CHAT.length), true);
    in.settle();

    assertEquals(List.of(), sink.events, "the watchdog's stop is the only ending");
    assertEquals(10, body.size());
  }

  @ParameterizedTest @EnumSource(Container.class)
  void aBodyReadWholeCannotStallAfterwards(Container container) throws IOException {
    FakeInput in = container.input.get();
    in.arrive(CHAT, true);
    Sink sink = new Sink();
    BodyReader reader = new BodyReader(in, new RequestBody(-1, 1 << 20, new BodyMemory(1 << 20), false), 1 << 20, sink);
    reader.start();
    in.settle();

    assertEquals(false, reader.stall());
    assertEquals(List.of("read"), sink.events);
  }

  static String text(RequestBody body) {
    return new String(body.array(), 0, body.arrayLength(), StandardCharsets.UTF_8);
  }

  static final class Sink implements BodyReader.Sink {
    final List<String> events = new ArrayList<>();

    @Override public void bodyRead() { events.add("read"); }

    @Override public void bodyTooLarge() { events.add("tooLarge"); }

    @Override public void bodyNotStored(Exception cause) { events.add("notStored"); }

    @Override public void bodyOverBudget() { events.add("overBudget"); }

    @Override public void uploadFailed(Throwable cause) { events.add("failed: " + cause); }
  }

  /**
   * The bytes that have arrived from the client and the container's callbacks, which run one after another (each
   * container serialises a request's callbacks), when the test lets them: {@link #settle()}.
   */
  abstract static class FakeInput extends ServletInputStream {
    private final ArrayDeque<Runnable> callbacks = new ArrayDeque<>();
    ReadListener listener;
    byte[] arrived = new byte[0];
    int position;
    boolean lastArrived;

    @Override public int available() { return arrived.length - position; }

    /** A packet from the client; the container reacts as it does to a read event. */
    void arrive(byte[] bytes, boolean last) {
      byte[] more = Arrays.copyOf(arrived, arrived.length + bytes.length);
      System.arraycopy(bytes, 0, more, arrived.length, bytes.length);
      arrived = more;
      lastArrived = last;
      arrived(bytes.length > 0);
    }

    abstract void arrived(boolean withBytes);

    void callback(Callback c) {
      callbacks.add(() -> {
        try {
          c.run();
        } catch (IOException e) {
          listener.onError(e);
        }
        afterCallback();
      });
    }

    void afterCallback() { }

    void settle() {
      for (int i = 0; !callbacks.isEmpty(); i++) {
        if (i > 1000) throw new AssertionError("callbacks without end");
        callbacks.poll().run();
      }
    }

    @Override public int read() { throw new UnsupportedOperationException("the router reads arrays"); }

    @Override public int read(byte[] b, int off, int len) {
      if (available() == 0) {
        if (lastArrived) return -1;
        throw new AssertionError("a read without isReady() would block the container thread");
      }
      int n = Math.min(len, available());
      System.arraycopy(arrived, position, b, off, n);
      position += n;
      return n;
    }

    interface Callback {
      void run() throws IOException;
    }
  }

  /** Payara 6's web container over Grizzly 4 (org.apache.catalina.connector.InputBuffer, as read in its source). */
  static final class GrizzlyInput extends FakeInput {
    private boolean prevIsReady = true;
    private boolean waiting;

    @Override public boolean isFinished() { return lastArrived; }   // arrived, not read

    @Override public boolean isReady() {
      if (!prevIsReady) return false;
      if (available() > 0) return true;
      prevIsReady = false;
      // notifyAvailable(handler): onAllDataRead() at once (on another thread) if finished, else wait for bytes
      if (isFinished()) callback(() -> {
        prevIsReady = true;
        listener.onAllDataRead();
      });
      else waiting = true;
      return false;
    }

    @Override public void setReadListener(ReadListener readListener) {
      listener = readListener;
      if (isReady()) callback(readListener::onDataAvailable);
    }

    @Override void arrived(boolean withBytes) {
      if (!waiting) return;
      if (withBytes) {
        waiting = false;
        callback(() -> {
          prevIsReady = true;
          listener.onDataAvailable();
        });
      } else if (lastArrived) {
        waiting = false;
        callback(() -> {
          prevIsReady = true;
          listener.onAllDataRead();
        });
      }
    }
  }

  /** Tomcat 11's CoyoteInputStream: finished once read to the end; onAllDataRead() follows the callback that got there. */
  static final class TomcatInput extends FakeInput {
    private boolean waiting;
    private boolean allDataReadCalled;

    @Override public boolean isFinished() { return lastArrived && available() == 0; }

    @Override public boolean isReady() {
      if (available() > 0) return true;
      if (!isFinished()) waiting = true;
      return false;
    }

    @Override public void setReadListener(ReadListener readListener) {
      listener = readListener;
      // After service() returns in async mode: data waiting, or all of it read (an empty body), or wait.
      if (available() > 0) callback(readListener::onDataAvailable);
      else if (isFinished()) afterCallback();
      else waiting = true;
    }

    @Override void afterCallback() {
      if (isFinished() && !allDataReadCalled) {
        allDataReadCalled = true;
        callback(listener::onAllDataRead);
      }
    }

    @Override void arrived(boolean withBytes) {
      if (!waiting) return;
      waiting = false;
      if (withBytes) callback(listener::onDataAvailable);
      else afterCallback();
    }
  }
}
