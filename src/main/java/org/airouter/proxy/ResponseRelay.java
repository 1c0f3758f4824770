package org.airouter.proxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.secrets.Redactor;
import org.airouter.usage.Tokens;
import org.airouter.wire.OpenAiError;
import org.airouter.wire.Sse;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Relays one upstream answer to the client as it arrives.
 *
 * <p>Three kinds of thread meet here: the HTTP client's I/O thread brings upstream bytes, container threads report
 * that the client can take more, the watchdog reports timeouts. They share a little state under {@link #state}, a
 * lock that is never held while calling the servlet container or the HTTP client: the container holds its own socket
 * lock while it calls {@link #onWritePossible()}, so holding ours while calling into it would deadlock. Talking to the
 * servlet response is the job of whichever thread wins {@link #draining}; a thread that loses leaves a note in
 * {@link #drainAgain} for the winner, so no wake-up is lost.
 *
 * <p>The answer passes as bytes unless the exchange's {@link AnswerShape} gives a {@link BodyTransform} (usage chunk
 * taken out, translation): then the client gets what the transform makes of the bytes, without the upstream's
 * content length; a transform that rebuilds a whole body holds the status and headers until it is done.
 *
 * <p>Backpressure both ways: a stream never holds more than {@link #HIGH_WATER} bytes for its client. What upstream
 * may still send (the window HttpClient was granted) counts as held too, so grants keep queued bytes plus that
 * window within the bound, less room for the one read HttpClient may deliver beyond a window over HTTP/1.1. Reading
 * resumes as the client drains. Nothing blocks: writes happen only while {@code isReady()}, and the container calls
 * back when the client can take more.
 */
final class ResponseRelay implements AsyncResponseConsumer<Void>, WriteListener {
  private static final Logger LOG = Logger.getLogger(ResponseRelay.class.getName());
  static final int HIGH_WATER = 64 * 1024;
  /** The window an upstream starts with, before any grant: UpstreamClient sets it for HTTP/1.1 and HTTP/2 alike. */
  static final int INITIAL_WINDOW = 32 * 1024;
  // HttpClient checks an HTTP/1.1 window only after each read: one read (its buffer, or a TLS record) may land beyond.
  private static final int OVERSHOOT = 16 * 1024;
  private static final int MIN_GRANT = 8 * 1024;   // no window update per frame while a client drains
  // A quiet stream gets an SSE comment this often: a client that left makes the second write after it fail, so the
  // upstream is cancelled within about two of these, not at the next frames (which may be a minute away).
  static final long PROBE_AFTER_NANOS = 500_000_000L;
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final AsyncContext async;
  private final HttpServletResponse response;
  private final ServletOutputStream out;
  private final Exchange exchange;
  private final QueuedBytes queued;

  private final UsageTap tap = new UsageTap();
  private final AnswerShape shape;
  private final Object state = new Object();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean drainAgain;

  // Guarded by state.
  private Head head;                  // status and headers not yet applied to the response
  private Head heldHead;              // status and headers waiting for a whole-body transform to finish
  private BodyTransform transform;    // null: the bytes pass as they are
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  private int pendingBytes;
  private int credit = INITIAL_WINDOW;   // what upstream may send before the next grant; negative after an overshoot
  private int reported;               // held bytes last told to {@link #queued}
  private boolean needFlush;
  private CapacityChannel capacity;
  private boolean starved;            // upstream reading is paused until the client drains
  private boolean upstreamDone;       // nothing more will be queued for the client
  private boolean upstreamEnded;      // the HTTP client has finished the exchange (end of body, or failure)
  private boolean finished;
  private boolean clientGone;
  private boolean headSent;
  private boolean streaming;
  private int status;
  private String errorCode;
  private ByteArrayOutputStream errorBody;
  private Header[] errorHeaders;
  private FutureCallback<Void> resultCallback;
  private HttpContext context;        // names the connection, for aborting
  private Future<?> call;
  private boolean cancelRequested;
  private boolean cancelled;
  private boolean completePending;    // finished, but the container and the HTTP client are not told yet
  private boolean completeCalled;     // async.complete() called (or claimed): never twice
  private boolean completeClientGone;
  private long lastWriteAt = System.nanoTime();   // the last bytes handed to the client
  private boolean atFrameEnd = true;              // what the client has so far ends with a whole SSE event

  /** What the relay needs to know of the exchange it serves. */
  interface Exchange {
    String requestId();

    /** Takes the route's secrets out of what its upstream says. */
    Redactor redactor();

    /** The upstream's headers arrived (time to first byte). */
    void firstByte();

    /** Upstream bytes arrived (the idle clock restarts). */
    void activity();

    /**
     * The exchange is over, for whatever reason; called once.
     *
     * @param tokens    the usage the upstream reported, or null
     * @param frames    stream frames seen (an estimate of tokens when the usage never came)
     * @param errorCode the code of the error the client got, or null
     */
    void ended(int status, boolean clientGone, Tokens tokens, int frames, String errorCode);
  }

  /** Status and headers to put on the response before its first byte. */
  private record Head(int status, List<Header> headers, String contentType, long contentLength) {}

  /** @param shape what happens to the answer on its way (passthrough, translation) */
  ResponseRelay(AsyncContext async, HttpServletResponse response, Exchange exchange, AnswerShape shape,
                QueuedBytes queued) throws IOException {
    this.async = async;
    this.response = response;
    this.out = response.getOutputStream();
    this.exchange = exchange;
    this.shape = shape;
    this.queued = queued;
  }

  /** Starts non-blocking output; call on the container thread before the upstream call is made. */
  void listen() { out.setWriteListener(this); }

  void upstreamCall(Future<?> call) {
    synchronized (state) {
      this.call = call;
    }
    cancelIfRequested();
  }

  /** Slow client: answer bytes are waiting, or upstream reading is paused until the client drains them. */
  boolean waitingForClient() {
    synchronized (state) {
      return pendingBytes > 0 || starved;
    }
  }

  /**
   * The watchdog's tick: a stream whose client got nothing for a while, and stands between two events, gets a comment
   * line (clients ignore it). Only a write tells a server that its client left; reading is not possible once the
   * request body is in. Whole-body answers and streams before their head cannot be probed this way.
   */
  void probeClient(long now) {
    synchronized (state) {
      if (finished || !streaming || !headSent || heldHead != null || errorBody != null || !pending.isEmpty()
          || !atFrameEnd || now - lastWriteAt < PROBE_AFTER_NANOS) return;
      pending.add(KEEP_ALIVE);
      pendingBytes += KEEP_ALIVE.length;
      needFlush = true;
      lastWriteAt = now;
    }
    requestDrain();
  }

  // ---- upstream side (HTTP client I/O thread) ----

  @Override public void consumeResponse(HttpResponse upstream, EntityDetails entity, HttpContext context,
                                        FutureCallback<Void> callback) {
    exchange.firstByte();
    synchronized (state) {
      resultCallback = callback;
      this.context = context;
      if (finished) return;
      status = upstream.getCode();
      if (status >= 400) {
        // Held back and reshaped: an upstream error must reach the client OpenAI-shaped and without secrets.
        errorBody = new ByteArrayOutputStream();
        errorHeaders = upstream.getHeaders();
        if (entity == null) {
          upstreamEnded = true;
          queueUpstreamError();
        }
      } else {
        List<Header> headers = new ArrayList<>();
        for (Header header : upstream.getHeaders()) {
          if (ForwardedHeaders.toClient(header.getName())) headers.add(header);
        }
        String type = entity == null ? null : entity.getContentType();
        streaming = type != null && type.toLowerCase(Locale.ROOT).startsWith(Sse.CONTENT_TYPE);
        transform = entity == null ? null : shape.body(streaming, tap, exchange.redactor());
        head = new Head(status, headers, null,
            streaming || entity == null || transform != null ? -1 : entity.getContentLength());
        if (transform != null && transform.holdsHead()) {
          heldHead = head;
          head = null;
        } else {
          // A stream's client sees the status and headers now, not with the first token. A whole body's head goes
          // out with the body: one write and one packet per answer instead of two.
          needFlush = streaming;
        }
        if (entity == null) {
          upstreamDone = true;
          upstreamEnded = true;
        }
      }
    }
    requestDrain();
  }

  @Override public void informationResponse(HttpResponse response, HttpContext context) { }

  @Override public void updateCapacity(CapacityChannel channel) throws IOException {
    int grant;
    synchronized (state) {
      capacity = channel;
      grant = grantLocked(true);
    }
    if (grant > 0) channel.update(grant);
  }

  /**
   * Room upstream may fill now: the bound less what is held and what upstream may already send; taken into the
   * credit when returned. Below {@link #MIN_GRANT} nothing is granted unless upstream has no window left at all.
   */
  private int grantLocked(boolean askedFor) {
    int held = pendingBytes + (transform == null ? 0 : transform.held());
    int grant = HIGH_WATER - OVERSHOOT - held - credit;
    if (grant <= 0 || (grant < MIN_GRANT && credit > 0) || (!askedFor && !starved && grant < MIN_GRANT)) {
      starved = credit <= 0;
      return 0;
    }
    starved = false;
    credit += grant;
    return grant;
  }

  /** Tells the gauge what this stream holds now (the queue and a transform's unfinished frame). */
  private void accountLocked() {
    int now = finished ? 0 : pendingBytes + (transform == null ? 0 : transform.held());
    if (now != reported) {
      queued.moved(reported, now);
      reported = now;
    }
  }

  @Override public void consume(ByteBuffer src) {
    exchange.activity();
    synchronized (state) {
      if (finished) return;
      int n = src.remaining();
      credit -= n;
      if (errorBody != null) {
        int keep = Math.min(n, MAX_ERROR_BODY - errorBody.size());
        if (keep > 0) {
          byte[] part = new byte[keep];
          src.get(part);
          errorBody.write(part, 0, keep);
        }
        src.position(src.limit());
        return;
      }
      byte[] chunk = new byte[n];
      src.get(chunk);
      if (transform != null) {
        transform.accept(chunk, this::queueTransformed);
      } else {
        tap.seen(chunk);
        pending.add(chunk);
        pendingBytes += n;
      }
      needFlush = heldHead == null;
      accountLocked();
    }
    requestDrain();
  }

  /** What a transform makes of upstream bytes; the tap reads what the client gets. Under the state lock. */
  private void queueTransformed(byte[] out) {
    if (out.length == 0) return;
    tap.seen(out);
    pending.add(out);
    pendingBytes += out.length;
  }

  @Override public void streamEnd(List<? extends Header> trailers) {
    synchronized (state) {
      upstreamEnded = true;
      if (finished) return;
      upstreamDone = true;
      if (errorBody != null) {
        queueUpstreamError();
      } else if (transform != null) {
        transform.finish(this::queueTransformed);
        // The upstream's own words: the route's secrets come out before the code is stored.
        if (transform.errorCode() != null) errorCode = exchange.redactor().redact(transform.errorCode());
        if (heldHead != null) {
          OpenAiError failure = transform.failure();
          if (failure != null) {
            heldHead = null;
            queueError(failure);
          } else {
            head = new Head(heldHead.status(), heldHead.headers(), heldHead.contentType(), pendingBytes);
            heldHead = null;
          }
        }
        needFlush = true;
      }
      accountLocked();
    }
    requestDrain();
  }

  @Override public void failed(Exception cause) {
    synchronized (state) {
      upstreamEnded = true;
      if (finished || upstreamDone) return;
      boolean timeout = cause instanceof SocketTimeoutException || cause instanceof ConnectTimeoutException
          || cause instanceof TimeoutException;
      if (!(cause instanceof ConnectException || cause instanceof UnknownHostException || timeout)) {
        LOG.log(Level.FINE, "Upstream failed for request " + exchange.requestId(), cause);
      }
      queueFailure(timeout ? OpenAiError.upstreamTimeout() : OpenAiError.upstreamUnavailable(),
          timeout ? OpenAiError.upstreamTimeout() : OpenAiError.upstreamStreamBroken());
    }
    requestDrain();
  }

  @Override public void releaseResources() { }

  /** The watchdog's verdict: no first byte in time, or silence mid-answer. */
  void timedOut() {
    synchronized (state) {
      if (finished || upstreamDone) return;
      queueFailure(OpenAiError.upstreamTimeout(), OpenAiError.upstreamTimeout());
      // Close the upstream connection now, not when the client has read the error: a silent upstream is let go.
      if (!upstreamEnded) cancelRequested = true;
    }
    cancelIfRequested();
    requestDrain();
  }

  /** The shutdown grace is over: the client gets a 503 (before the first byte) or a last error frame; upstream goes. */
  void shutDown() {
    synchronized (state) {
      if (finished || upstreamDone) return;
      OpenAiError error = OpenAiError.shuttingDown();
      if (!headSent && head == null) {
        upstreamDone = true;
        errorBody = null;
        heldHead = null;
        queueError(AnswerShape.ErrorReply.of(error),
            List.of(new org.apache.hc.core5.http.message.BasicHeader("retry-after", "1")));
      } else {
        queueFailure(error, error);
      }
      if (!upstreamEnded) cancelRequested = true;
    }
    cancelIfRequested();
    requestDrain();
  }

  // ---- client side (container threads) ----

  @Override public void onWritePossible() { requestDrain(); }

  @Override public void onError(Throwable t) {
    synchronized (state) {
      clientGone = true;
    }
    // Let a write in progress on another thread end first (it never blocks; the wait is bounded all the same).
    long deadline = System.nanoTime() + 100_000_000L;
    while (draining.get() && System.nanoTime() < deadline) Thread.onSpinWait();
    requestDrain();
    // The container completes the request itself if onError returns without it, and then recycles the request's
    // objects for another connection: a completion of ours after that would end a stranger's request. So it
    // happens here, once, whoever ends up finishing the exchange.
    if (claimCompletion()) completeQuietly();
  }

  /** True for the one caller that may call {@code async.complete()}. */
  private boolean claimCompletion() {
    synchronized (state) {
      if (completeCalled) return false;
      completeCalled = true;
      return true;
    }
  }

  private void completeQuietly() {
    try {
      async.complete();
    } catch (IllegalStateException alreadyCompleted) {
      // the container completed it after a client error
    }
  }

  // ---- queueing, under the state lock ----

  /** Before the first byte the failure is an error response; after it, a last SSE error frame. */
  private void queueFailure(OpenAiError beforeFirstByte, OpenAiError midStream) {
    upstreamDone = true;
    errorBody = null;
    heldHead = null;   // a whole-body translation cut short: the failure is the answer
    if (!headSent && head == null) {
      queueError(beforeFirstByte);
    } else if (streaming) {
      pending.add(shape.streamFailure(midStream));
      pendingBytes += pending.peekLast().length;
      needFlush = true;
      errorCode = midStream.code();
    } else {
      status = midStream.status();   // a truncated body; the client's JSON parser will notice
      errorCode = midStream.code();
    }
    accountLocked();
  }

  private String redacted(String upstreamCode) {
    return upstreamCode == null ? null : exchange.redactor().redact(upstreamCode);
  }

  private void queueUpstreamError() {
    AnswerShape.ErrorReply error = shape.error(status, errorBody.toByteArray(), errorBody.size(),
        exchange.redactor());
    errorBody = null;
    upstreamDone = true;
    List<Header> headers = new ArrayList<>(ForwardedHeaders.ofError(errorHeaders, error.retryAfter()));
    if (error.noRetry()) headers.add(new BasicHeader("x-should-retry", "false"));   // the OpenAI and Anthropic SDKs obey it
    queueError(error, headers);
  }

  private void queueError(OpenAiError error) { queueError(shape.reply(error), List.of()); }

  private void queueError(AnswerShape.ErrorReply error, List<Header> headers) {
    byte[] body = error.body();
    head = new Head(error.status(), headers, "application/json", body.length);
    status = error.status();
    errorCode = error.code();
    pending.clear();
    pending.add(body);
    pendingBytes = body.length;
    needFlush = true;
    accountLocked();
  }

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
        Head headToSend;
        byte[] chunk;
        boolean flush;
        synchronized (state) {
          if (finished) return;
          if (clientGone) {
            finishLocked(true);
            break;
          }
          headToSend = head;
          head = null;
          chunk = pending.peek();
          flush = needFlush;
        }
        if (headToSend != null) {
          apply(headToSend);
          continue;
        }
        if (!out.isReady()) return;   // onWritePossible() comes when the client can take more
        if (chunk != null) {
          out.write(chunk);
          synchronized (state) {
            pending.poll();
            pendingBytes -= chunk.length;
            needFlush = true;
            lastWriteAt = System.nanoTime();
            atFrameEnd = endsEvent(chunk, atFrameEnd);
            accountLocked();
          }
          continue;
        }
        if (flush) {
          synchronized (state) {
            needFlush = false;
          }
          out.flush();   // this frame reaches the client now, not when a buffer fills
          continue;
        }
        int grant = 0;
        CapacityChannel channel;
        synchronized (state) {
          if (!pending.isEmpty() || head != null || needFlush) continue;
          channel = capacity;
          if (upstreamDone) {
            finishLocked(false);
            break;
          }
          if (channel != null) grant = grantLocked(false);
        }
        if (grant > 0) channel.update(grant);
        return;
      }
    } catch (IOException | RuntimeException gone) {
      // The client left; or the container already recycled this response after an error (a write then fails
      // with an IllegalStateException or NullPointerException from the discarded facade).
      synchronized (state) {
        if (!finished) finishLocked(true);
      }
    }
    completeOutsideLock();
  }

  /** Whether the bytes written so far end with a blank line, after writing this chunk. */
  private static boolean endsEvent(byte[] chunk, boolean before) {
    int n = chunk.length;
    if (n == 0) return before;
    if (n >= 2 && chunk[n - 1] == '\n' && (chunk[n - 2] == '\n' || n >= 4 && chunk[n - 2] == '\r'
        && chunk[n - 3] == '\n' && chunk[n - 4] == '\r')) return true;
    return false;   // a lone newline after an earlier one is rare: the probe just waits for the next event
  }

  private void apply(Head h) {
    response.setStatus(h.status());
    for (Header header : h.headers()) response.setHeader(RequestIds.toClient(header.getName()), header.getValue());
    response.setHeader("x-request-id", exchange.requestId());   // the id the usage record carries, never the upstream's
    if (h.contentType() != null) response.setContentType(h.contentType());
    if (h.contentLength() >= 0) response.setContentLengthLong(h.contentLength());
    if (streaming && h.status() < 400) {
      response.setHeader("Cache-Control", "no-cache");
      response.setHeader("X-Accel-Buffering", "no");   // a reverse proxy in front must not buffer either
    }
    synchronized (state) {
      headSent = true;
    }
  }

  /** Marks the end; the calls into the container and the HTTP client happen after the lock is released. */
  private void finishLocked(boolean gone) {
    finished = true;
    pending.clear();
    pendingBytes = 0;
    accountLocked();
    if (!upstreamEnded) cancelRequested = true;   // stop paying for tokens nobody reads
    completePending = true;
    completeClientGone = gone;
  }

  private void completeOutsideLock() {
    boolean gone;
    FutureCallback<Void> callback;
    int finalStatus;
    Tokens tokens;
    int frames;
    String code;
    synchronized (state) {
      if (!completePending) return;
      completePending = false;
      gone = completeClientGone;
      callback = upstreamEnded ? resultCallback : null;
      finalStatus = status;
      tokens = tap.tokens();
      frames = tap.frames();
      code = errorCode != null || !streaming ? errorCode : redacted(tap.streamErrorCode());   // the upstream's error frame
    }
    cancelIfRequested();
    // A client that left is the container's to finish: a failed write makes it dispatch an error, which reaches
    // onError() on a container thread, and completes there. Completing from here instead races the container's
    // own clean-up, and a late complete() could land on the recycled objects of the next request.
    if (!gone && claimCompletion()) completeQuietly();
    exchange.ended(finalStatus, gone, tokens, frames, code);
    if (callback != null) callback.completed(null);
  }

  /** Cancelling calls back into this relay from the HTTP client, so it happens outside the lock. */
  private void cancelIfRequested() {
    Future<?> toCancel;
    synchronized (state) {
      if (!cancelRequested || call == null || cancelled) return;
      cancelled = true;
      toCancel = call;
    }
    HttpContext carrier;
    synchronized (state) {
      carrier = context;
    }
    // Once the head is in, only closing the connection stops the upstream (see AbortableConnections).
    if (!AbortableConnections.abort(carrier)) toCancel.cancel(true);
  }
}
