package org.airouter.proxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.airouter.failover.CommitPoint;
import org.airouter.failover.ErrorFrame;
import org.airouter.failover.StreamShape;
import org.airouter.proxy.AnswerQueue.Head;
import org.airouter.proxy.RelayState.Ending;
import org.airouter.secrets.Redactor;
import org.airouter.wire.OpenAiError;
import org.airouter.wire.Sse;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Relays one upstream answer to the client as it arrives, and reports how it ended ({@link RelayOutcome}) to its
 * owner, which alone decides what happens next.
 *
 * <p>Where the answer stands is one small machine, {@link RelayState}: waiting for the head, holding it, committed to
 * the client, ending, done. What waits for the client is an {@link AnswerQueue}; backpressure is a
 * {@link FlowWindow}: a stream never holds more than {@link FlowWindow#HIGH_WATER} bytes for its client, reading
 * resumes as the client drains, and nothing blocks (writes happen only while {@code isReady()}; the container calls
 * back when the client can take more).
 *
 * <p>Three kinds of thread meet here: the HTTP client's I/O thread brings upstream bytes, container threads report
 * that the client can take more, the watchdog reports timeouts. They share that state under {@link #lock}, which is
 * never held while calling the servlet container or the HTTP client: the container holds its own socket lock while it
 * calls {@link #onWritePossible()}, so holding ours while calling into it would deadlock. Talking to the servlet
 * response is the job of whichever thread wins {@link #draining}; a thread that loses leaves a note in
 * {@link #drainAgain} for the winner, so no wake-up is lost.
 *
 * <p>The answer passes as bytes unless the exchange's {@link AnswerShape} gives a {@link BodyTransform} (usage chunk
 * taken out, translation): then the client gets what the transform makes of the bytes, without the upstream's
 * content length; a transform that rebuilds a whole body holds the status and headers until it is done.
 */
final class ResponseRelay implements AsyncResponseConsumer<Void>, WriteListener {
  private final AsyncContext async;
  private final HttpServletResponse response;
  private final ServletOutputStream out;
  private final Exchange exchange;
  private final UsageTap tap = new UsageTap();
  private final AnswerShape shape;
  private final Object lock = new Object();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean drainAgain;
  private final AtomicBoolean completeClaimed = new AtomicBoolean();   // async.complete(): never twice

  // Guarded by lock.
  private final RelayState state = new RelayState();
  private final AnswerQueue queue = new AnswerQueue();
  private final FlowWindow window;
  private final RunningCall call = new RunningCall();
  private final ErrorReplies errors;
  private BodyTransform transform;       // null: the bytes pass as they are
  private UpstreamErrorBody errorBody;   // an upstream error answer being read
  private boolean clientLeft;            // the container reported an error: the drainer ends the relay
  private boolean streaming;
  private final StreamShape holdStreams;   // null: a stream's head goes out at once
  private CommitPoint commitPoint;         // a held stream, until its first content
  private boolean askedOwner;              // a failure before commit was offered to the owner (once)
  private boolean handedBack;              // the owner tries again: this relay ends without a word to the client
  private Map<String, String> extraHeaders = Map.of();   // the owner's, on the error answer it gave up with

  /** What the relay needs to know of the exchange it serves. */
  interface Exchange {
    String requestId();

    /** Takes the route's secrets out of what its upstream says. */
    Redactor redactor();

    /**
     * Answer bytes just written to the client, in order (payload capture): upstream bytes, keepalives and the
     * router's own error answers and frames alike; what an attempt held and never released is never written.
     */
    default void answered(byte[] chunk) { }

    /** The upstream's headers arrived (time to first byte). */
    void firstByte();

    /** Upstream bytes arrived (the idle clock restarts). */
    void activity();

    /** The relay is over, for whatever reason; called once (not for a relay handed back by {@link #failedBeforeCommit}). */
    void ended(RelayOutcome outcome);

    /**
     * Upstream failed before the client saw any of its answer (the outcome is as {@link #ended} would get it): null
     * when the owner tries again, so this relay ends without writing or completing anything; else the headers to add
     * to the error answer the client gets now.
     */
    Map<String, String> failedBeforeCommit(RelayOutcome outcome);
  }

  /**
   * @param shape       what happens to the answer on its way (passthrough, translation)
   * @param holdStreams the shape of the client's stream when a streamed answer is held until its first content (its
   *                    {@link CommitPoint}) so a failure before it may be tried again; null to relay it at once
   * @param opened      an earlier attempt already opened the client's stream with keepalives ({@link #keepalive}):
   *                    this answer's head is never sent, its content joins that stream, its failure is a last frame
   */
  ResponseRelay(AsyncContext async, HttpServletResponse response, Exchange exchange, AnswerShape shape,
                QueuedBytes queued, StreamShape holdStreams, boolean opened) throws IOException {
    this.async = async;
    this.response = response;
    this.out = response.getOutputStream();
    this.exchange = exchange;
    this.shape = shape;
    this.holdStreams = holdStreams;
    this.window = new FlowWindow(queued);
    this.errors = new ErrorReplies(shape, queue, state);
    if (opened) queue.alreadyOpen();
  }

  /** Whether a streamed answer is held for its first content now (the first-token timeout applies). */
  boolean holdingStream() {
    synchronized (lock) {
      return commitPoint != null && !state.upstreamDone() && !state.committed();
    }
  }

  /** @param context the call's context, which names the connection it runs on once the request is sent */
  void upstreamCall(Future<?> future, HttpContext context) {
    synchronized (lock) {
      call.started(future, context);
    }
    stopIfWanted();
  }

  /**
   * A keepalive frame for a client waiting for the first content of a held stream (or for the head of an attempt
   * that will be held): the first one opens the client's stream with {@code head} (the upstream's own, if it is held
   * here). What the upstream sent so far stays held, so the answer is still this attempt's to give up: a failure
   * before content goes to the owner, who may try again into the same open stream, and is a last error frame if not.
   *
   * @return false when there is nothing to keep alive: content came, the answer ended, or it is not a stream
   */
  boolean keepalive(byte[] frame, Head head) {
    synchronized (lock) {
      if (!awaitingContentLocked()) return false;
      if (!queue.opened()) queue.open(state.phase() == RelayState.Phase.HOLDING ? queue.heldHead() : head);
      queue.addEarly(frame);
    }
    requestDrain();
    return true;
  }

  /** Whether the answer could still take a keepalive: no head yet, or a stream held for its first content. */
  boolean awaitingContent() {
    synchronized (lock) {
      return awaitingContentLocked();
    }
  }

  private boolean awaitingContentLocked() {
    return !clientLeft && (state.phase() == RelayState.Phase.WAITING_FOR_HEAD
        || state.phase() == RelayState.Phase.HOLDING && commitPoint != null && queue.holding());
  }

  /** Whether the client's stream was opened by keepalives (here or in an earlier attempt) before any answer. */
  boolean opened() {
    synchronized (lock) {
      return queue.opened();
    }
  }

  /** Slow client: answer bytes are waiting, or upstream reading is paused until the client drains them. */
  boolean waitingForClient() {
    synchronized (lock) {
      return queue.bytes() > 0 || window.starved();
    }
  }

  /**
   * The watchdog's tick: a committed stream whose client got nothing for a while, and stands between two events, gets
   * a comment line ({@link AnswerQueue#keepAlive}). Reading is no way to tell that a client left once the request body
   * is in. Whole-body answers and streams before their head cannot be probed this way.
   */
  void probeClient(long now) {
    synchronized (lock) {
      if (state.phase() != RelayState.Phase.COMMITTED || !streaming || !queue.keepAlive(now)) return;
    }
    requestDrain();
  }

  // ---- upstream side (HTTP client I/O thread) ----

  @Override public void consumeResponse(HttpResponse upstream, EntityDetails entity, HttpContext context,
                                        FutureCallback<Void> callback) {
    exchange.firstByte();
    synchronized (lock) {
      call.responding(context, callback);
      if (state.upstreamDone()) return;
      state.headArrived();
      int status = upstream.getCode();
      errors.status(status);
      if (status >= 400) {
        errorBody = new UpstreamErrorBody(status, upstream.getHeaders());
        if (entity == null) {
          call.ended();
          errors.upstreamError(errorBody, exchange.redactor());
          errorBody = null;
          accountLocked();
        }
      } else {
        List<Header> headers = new ArrayList<>();
        for (Header header : upstream.getHeaders()) {
          if (ForwardedHeaders.toClient(header.getName())) headers.add(header);
        }
        String type = entity == null ? null : entity.getContentType();
        streaming = type != null && type.toLowerCase(Locale.ROOT).startsWith(Sse.CONTENT_TYPE);
        transform = entity == null ? null : shape.body(streaming, tap, exchange.redactor());
        Head head = new Head(status, headers, null,
            streaming || entity == null || transform != null ? -1 : entity.getContentLength());
        if (transform != null && transform.holdsHead()) {
          queue.hold(head);
        } else if (streaming && holdStreams != null && status < 300) {
          queue.hold(head);   // until the first content frame: a failure before it may go to another target
          commitPoint = new CommitPoint(holdStreams);
        } else {
          // A stream's client sees the status and headers now, not with the first token. A whole body's head goes
          // out with the body: one write and one packet per answer instead of two.
          queue.head(head, streaming);
          state.commit();
        }
        if (entity == null) {
          call.ended();
          state.end(Ending.ANSWERED);
        }
      }
    }
    requestDrain();
  }

  @Override public void informationResponse(HttpResponse response, HttpContext context) { }

  @Override public void updateCapacity(CapacityChannel channel) throws IOException {
    int grant;
    synchronized (lock) {
      window.channel(channel);
      grant = window.grant(heldLocked(), true);
    }
    if (grant > 0) channel.update(grant);
  }

  @Override public void consume(ByteBuffer src) {
    exchange.activity();
    synchronized (lock) {
      if (state.upstreamDone()) return;
      int n = src.remaining();
      window.received(n);
      if (errorBody != null) {
        errorBody.add(src);
        return;
      }
      byte[] chunk = new byte[n];
      src.get(chunk);
      if (transform != null) {
        transform.accept(chunk, this::queueTransformed);
      } else {
        tap.seen(chunk);
        queue.add(chunk);
        if (commitPoint != null) commitPoint.accept(chunk);
      }
      if (commitPoint != null) commitPointLocked(false);
      if (!queue.holding()) queue.flushWanted();
      accountLocked();
    }
    stopIfWanted();
    requestDrain();
  }

  /**
   * A held stream's commit point: content (or a clean end) releases the head and what is queued behind it; an error
   * before content is a failure before commit, and the upstream call is let go. Under the lock.
   */
  private void commitPointLocked(boolean upstreamEnded) {
    if (!queue.holding()) return;
    CommitPoint.State at = upstreamEnded ? commitPoint.finish() : commitPoint.state();
    switch (at) {
      case COMMITTED, ENDED -> {
        queue.releaseStream();
        state.commit();
      }
      case FAILED -> {
        ErrorFrame frame = commitPoint.error();
        errors.streamFailed(new ErrorFrame(frame.status(), frame.type(),
            frame.message() == null ? null : exchange.redactor().redact(frame.message())));
        call.stop();
      }
      case HOLDING -> { }
    }
  }

  /** What a transform makes of upstream bytes; the tap reads what the client gets. Under the lock. */
  private void queueTransformed(byte[] out) {
    if (out.length == 0) return;
    tap.seen(out);
    queue.add(out);
    if (commitPoint != null) commitPoint.accept(out);
  }

  @Override public void streamEnd(List<? extends Header> trailers) {
    synchronized (lock) {
      call.ended();
      if (state.upstreamDone()) return;
      if (errorBody != null) {
        errors.upstreamError(errorBody, exchange.redactor());
        errorBody = null;
      } else {
        if (transform != null) {
          transform.finish(this::queueTransformed);
          // The upstream's own words: the route's secrets come out before the code is stored.
          if (transform.errorCode() != null) errors.errorCode(exchange.redactor().redact(transform.errorCode()));
          queue.flushWanted();
        }
        if (commitPoint != null && queue.holding()) {
          commitPointLocked(true);
        }
        OpenAiError unreadable = queue.holding() && transform != null ? transform.failure() : null;
        if (state.upstreamDone()) {
          // the held stream failed before its first content
        } else if (unreadable != null) {
          errors.unreadable(unreadable);
        } else {
          if (queue.holding()) {   // a whole body is done: its held head goes out with it
            queue.release();
            state.commit();
          }
          state.end(Ending.ANSWERED);
        }
      }
      accountLocked();
    }
    stopIfWanted();
    requestDrain();
  }

  @Override public void failed(Exception cause) {
    synchronized (lock) {
      call.ended();
      if (state.upstreamDone()) return;
      errorBody = null;
      errors.callFailed(cause, streaming, exchange.requestId());
      accountLocked();
    }
    requestDrain();
  }

  @Override public void releaseResources() { }

  /** The watchdog's verdict: no first byte in time, or silence mid-answer. */
  void timedOut() {
    synchronized (lock) {
      if (state.upstreamDone()) return;
      errorBody = null;
      errors.failed(Ending.TIMED_OUT, null, OpenAiError.upstreamTimeout(), OpenAiError.upstreamTimeout(), streaming);
      accountLocked();
      // Close the upstream connection now, not when the client has read the error: a silent upstream is let go.
      call.stop();
    }
    stopIfWanted();
    requestDrain();
  }

  /** The shutdown grace is over: the client gets a 503 (before the first byte) or a last error frame; upstream goes. */
  void shutDown() {
    synchronized (lock) {
      if (state.upstreamDone()) return;
      errorBody = null;
      errors.shuttingDown(streaming);
      accountLocked();
      call.stop();
    }
    stopIfWanted();
    requestDrain();
  }

  // ---- client side (container threads) ----

  @Override public void onWritePossible() { requestDrain(); }

  @Override public void onError(Throwable t) {
    synchronized (lock) {
      clientLeft = true;
    }
    // Let a write in progress on another thread end first (it never blocks; the wait is bounded all the same).
    long deadline = System.nanoTime() + 100_000_000L;
    while (draining.get() && System.nanoTime() < deadline) Thread.onSpinWait();
    requestDrain();
    // The container completes the request itself if onError returns without it, and then recycles the request's
    // objects for another connection: a completion of ours after that would end a stranger's request. So it
    // happens here, once, whoever ends up finishing the exchange.
    if (completeClaimed.compareAndSet(false, true)) completeQuietly();
  }

  private void completeQuietly() {
    try {
      async.complete();
    } catch (IllegalStateException alreadyCompleted) {
      // the container completed it after a client error
    }
  }

  private int heldLocked() { return queue.bytes() + (transform == null ? 0 : transform.held()); }

  /** Tells the gauge what this stream holds now (the queue and a transform's unfinished frame). */
  private void accountLocked() { window.account(state.done() ? 0 : heldLocked()); }

  // ---- draining: the only code that talks to the servlet response ----

  private void requestDrain() {
    drainAgain = true;
    while (drainAgain && draining.compareAndSet(false, true)) {
      drainAgain = false;
      try {
        drain();
      } finally {
        draining.set(false);
      }
    }
  }

  private void drain() {
    try {
      while (true) {
        Head head;
        byte[] chunk;
        boolean flush;
        boolean offer;
        RelayOutcome pending = null;
        boolean streamHead;
        synchronized (lock) {
          streamHead = streaming || queue.opened();
          if (state.done()) return;
          if (clientLeft) {
            finishLocked(true);
            break;
          }
          // An opened stream's head is applied first, so the next attempt continues a stream that has its head.
          offer = !askedOwner && state.upstreamDone() && !state.committed()
              && state.ending() != Ending.SHUT_DOWN && !(queue.opened() && queue.hasHead());
          if (offer) {
            askedOwner = true;
            pending = outcomeLocked();
          }
          head = offer ? null : queue.takeHead();
          chunk = offer ? null : queue.peekWritable();
          flush = !offer && queue.mayFlush();
        }
        if (offer) {
          Map<String, String> headers = exchange.failedBeforeCommit(pending);
          synchronized (lock) {
            if (headers == null) {
              handedBack = true;
              if (!state.done()) finishLocked(false);
              break;
            }
            extraHeaders = headers;
          }
          continue;
        }
        if (head != null) {
          head.applyTo(response, exchange.requestId(), streamHead);
          extraHeaders.forEach(response::setHeader);
          continue;
        }
        if (!out.isReady()) return;   // onWritePossible() comes when the client can take more
        if (chunk != null) {
          out.write(chunk);
          exchange.answered(chunk);
          synchronized (lock) {
            queue.written(chunk);
            accountLocked();
          }
          continue;
        }
        if (flush) {
          synchronized (lock) {
            queue.flushed();
          }
          out.flush();   // this frame reaches the client now, not when a buffer fills
          continue;
        }
        int grant = 0;
        CapacityChannel channel;
        synchronized (lock) {
          if (!queue.idle() && !queue.holding()) continue;
          channel = window.channel();
          if (state.upstreamDone()) {
            finishLocked(false);
            break;
          }
          if (channel != null) grant = window.grant(heldLocked(), false);
        }
        if (grant > 0) channel.update(grant);
        return;
      }
    } catch (IOException | RuntimeException gone) {
      // The client left; or the container already recycled this response after an error (a write then fails
      // with an IllegalStateException or NullPointerException from the discarded facade).
      synchronized (lock) {
        if (!state.done()) finishLocked(true);
      }
    }
    report();
  }

  /** Marks the end; the calls into the container and the HTTP client happen after the lock is released. */
  private void finishLocked(boolean gone) {
    state.finish(gone);
    queue.clear();
    accountLocked();
    call.stop();   // stop paying for tokens nobody reads (nothing happens if the call ended)
  }

  /** Tells the owner, completes the response and the HTTP client's exchange: once, outside the lock. */
  private void report() {
    FutureCallback<Void> callback;
    RelayOutcome outcome;
    boolean silent;
    synchronized (lock) {
      if (!state.claimReport()) return;
      callback = call.callbackIfEnded();
      outcome = outcomeLocked();
      silent = handedBack;
    }
    stopIfWanted();
    if (silent) {   // the owner's next attempt answers the client
      if (callback != null) callback.completed(null);
      return;
    }
    // A client that left is the container's to finish: a failed write makes it dispatch an error, which reaches
    // onError() on a container thread, and completes there. Completing from here instead races the container's
    // own clean-up, and a late complete() could land on the recycled objects of the next request.
    if (!outcome.clientGone() && completeClaimed.compareAndSet(false, true)) completeQuietly();
    exchange.ended(outcome);
    if (callback != null) callback.completed(null);
  }

  private RelayOutcome outcomeLocked() {
    // The upstream's error frame inside a stream that otherwise ended well.
    String code = errors.errorCode();
    if (code == null && streaming) code = redacted(tap.streamErrorCode());
    return new RelayOutcome(state.ending(), state.committed(), errors.status(), tap.tokens(), tap.frames(), code,
        state.ending() == Ending.CLIENT_GONE ? null : errors.failure());
  }

  private String redacted(String upstreamCode) {
    return upstreamCode == null ? null : exchange.redactor().redact(upstreamCode);
  }

  /** Cancelling calls back into this relay from the HTTP client, so it happens outside the lock. */
  private void stopIfWanted() {
    Runnable stop;
    synchronized (lock) {
      stop = call.claimStop();
    }
    if (stop != null) stop.run();
  }
}
