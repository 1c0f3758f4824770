package org.airouter.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The upstream side of an exchange as the relay sees it: the head with its context, the bytes as they arrive, the
 * end. For each SSE frame it notes how many frames the upstream had sent when the frame arrived.
 */
final class StreamRecorder implements AsyncResponseConsumer<Void> {
  private final IntSupplier upstreamSent;
  private final CountDownLatch head = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final Object lock = new Object();

  // Guarded by lock.
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final List<Integer> sentWhenFrameArrived = new ArrayList<>();
  private int frameBytesSeen;
  private int readsWithFrames;

  private volatile FutureCallback<Void> callback;
  private volatile HttpContext context;
  private volatile ProtocolVersion version;
  private volatile int status;
  private volatile Exception failure;

  /** @param upstreamSent how many frames the upstream has sent by now */
  StreamRecorder(IntSupplier upstreamSent) { this.upstreamSent = upstreamSent; }

  @Override public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                        FutureCallback<Void> callback) {
    this.context = context;
    this.version = context.getProtocolVersion();
    this.status = response.getCode();
    head.countDown();
    if (entity == null) {
      ended.countDown();
      callback.completed(null);
    } else {
      this.callback = callback;
    }
  }

  @Override public void informationResponse(HttpResponse response, HttpContext context) { }

  @Override public void updateCapacity(CapacityChannel channel) throws IOException {
    channel.update(64 * 1024);
  }

  @Override public void consume(ByteBuffer src) {
    byte[] chunk = new byte[src.remaining()];
    src.get(chunk);
    int sent = upstreamSent.getAsInt();
    synchronized (lock) {
      body.write(chunk, 0, chunk.length);
      String text = body.toString(StandardCharsets.UTF_8);
      int before = sentWhenFrameArrived.size();
      int at;
      while ((at = text.indexOf("\n\n", frameBytesSeen)) >= 0) {
        frameBytesSeen = at + 2;
        sentWhenFrameArrived.add(sent);
      }
      if (sentWhenFrameArrived.size() > before) readsWithFrames++;
      lock.notifyAll();
    }
  }

  @Override public void streamEnd(List<? extends Header> trailers) {
    ended.countDown();
    FutureCallback<Void> c = callback;
    if (c != null) c.completed(null);
  }

  @Override public void failed(Exception cause) {
    failure = cause;
    ended.countDown();
  }

  @Override public void releaseResources() { released.countDown(); }

  boolean awaitHead(long timeout, TimeUnit unit) throws InterruptedException { return head.await(timeout, unit); }

  boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException { return ended.await(timeout, unit); }

  /**
   * Waits until HttpClient is done with the exchange. It releases the connection (back to the pool, or closed) just
   * before it releases the consumer, so after this the next exchange can find the connection in the pool; the
   * exchange's future completes earlier, from {@link #streamEnd}.
   */
  boolean awaitReleased(long timeout, TimeUnit unit) throws InterruptedException {
    return released.await(timeout, unit);
  }

  /** Waits until at least {@code n} SSE frames have arrived. */
  boolean awaitFrames(int n, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (lock) {
      while (sentWhenFrameArrived.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  HttpContext context() { return context; }

  ProtocolVersion version() { return version; }

  int status() { return status; }

  Exception failure() { return failure; }

  String body() {
    synchronized (lock) {
      return body.toString(StandardCharsets.UTF_8);
    }
  }

  /** For each frame in arrival order, the number of frames the upstream had sent when it arrived. */
  List<Integer> sentWhenFrameArrived() {
    synchronized (lock) {
      return List.copyOf(sentWhenFrameArrived);
    }
  }

  /** Reads that brought at least one complete frame: frames that arrive as sent come in many reads. */
  int readsWithFrames() {
    synchronized (lock) {
      return readsWithFrames;
    }
  }
}
