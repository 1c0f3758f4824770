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
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.wire.OpenAiError;
import org.airouter.wire.Sse;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Relays one upstream answer to the client as it arrives. Upstream bytes come in on the HTTP client's I/O thread,
 * the client's readiness on container threads; one lock orders them. Backpressure both ways: upstream reading stops
 * while more than {@link #HIGH_WATER} bytes wait for the client, and resumes as the client drains them. Nothing here
 * blocks: writes happen only while {@code isReady()}, and the container calls back when the client can take more.
 */
final class ResponseRelay implements AsyncResponseConsumer<Void>, WriteListener {
  private static final Logger LOG = Logger.getLogger(ResponseRelay.class.getName());
  static final int HIGH_WATER = 64 * 1024;
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final AsyncContext async;
  private final HttpServletResponse response;
  private final ServletOutputStream out;
  private final Exchange exchange;

  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  private int pendingBytes;
  private CapacityChannel capacity;
  private boolean starved;
  private boolean needFlush;
  private boolean upstreamDone;
  private boolean finished;
  private boolean streaming;
  private int status;
  private ByteArrayOutputStream errorBody;
  private Header[] errorHeaders;
  private FutureCallback<Void> resultCallback;
  private Future<?> call;

  /** What the relay needs to know of the exchange it serves. */
  interface Exchange {
    String requestId();

    String providerKey();

    /** The upstream's headers arrived (time to first byte). */
    void firstByte();

    /** Bytes moved (the idle clock restarts). */
    void activity();

    /** The exchange is over, for whatever reason; called once. */
    void ended(int status, boolean clientGone);
  }

  ResponseRelay(AsyncContext async, HttpServletResponse response, Exchange exchange) throws IOException {
    this.async = async;
    this.response = response;
    this.out = response.getOutputStream();
    this.exchange = exchange;
  }

  /** Starts non-blocking output; call on the container thread before the upstream call is made. */
  void listen() { out.setWriteListener(this); }

  synchronized void upstreamCall(Future<?> call) {
    this.call = call;
    if (finished) call.cancel(true);
  }

  // ---- upstream side (HTTP client I/O thread) ----

  @Override public void consumeResponse(HttpResponse upstream, EntityDetails entity, HttpContext context,
                                        FutureCallback<Void> callback) {
    synchronized (this) {
      this.resultCallback = callback;
      if (finished) return;
      exchange.firstByte();
      status = upstream.getCode();
      if (status >= 400) {
        errorBody = new ByteArrayOutputStream();
        if (entity == null) failWithUpstreamError(upstream);
        else errorHeaders = upstream.getHeaders();
        return;
      }
      response.setStatus(status);
      for (Header header : upstream.getHeaders()) {
        if (ForwardedHeaders.toClient(header.getName())) response.setHeader(header.getName(), header.getValue());
      }
      String type = entity == null ? null : entity.getContentType();
      streaming = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(Sse.CONTENT_TYPE);
      if (streaming) {
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");   // a reverse proxy in front must not buffer either
      } else if (entity != null && entity.getContentLength() >= 0) {
        response.setContentLengthLong(entity.getContentLength());
      }
      needFlush = true;   // the client sees the status and headers now, not with the first token
      if (entity == null) upstreamDone = true;
      drain();
    }
  }

  @Override public void informationResponse(HttpResponse response, HttpContext context) { }

  @Override public synchronized void updateCapacity(CapacityChannel channel) throws IOException {
    this.capacity = channel;
    if (pendingBytes < HIGH_WATER) channel.update(HIGH_WATER - pendingBytes);
    else starved = true;
  }

  @Override public void consume(ByteBuffer src) {
    synchronized (this) {
      if (finished) return;
      exchange.activity();
      int n = src.remaining();
      if (errorBody != null) {
        if (errorBody.size() < MAX_ERROR_BODY) {
          byte[] part = new byte[Math.min(n, MAX_ERROR_BODY - errorBody.size())];
          src.get(part);
          errorBody.write(part, 0, part.length);
        }
        src.position(src.limit());
        return;
      }
      byte[] chunk = new byte[n];
      src.get(chunk);
      pending.add(chunk);
      pendingBytes += n;
      needFlush = true;
      drain();
    }
  }

  @Override public void streamEnd(List<? extends Header> trailers) {
    synchronized (this) {
      if (finished) return;
      upstreamDone = true;
      if (errorBody != null) {
        failWithUpstreamError(null);
        return;
      }
      drain();
    }
  }

  @Override public void failed(Exception cause) {
    synchronized (this) {
      if (finished || upstreamDone) return;
      boolean timeout = cause instanceof SocketTimeoutException || cause instanceof ConnectTimeoutException
          || cause instanceof TimeoutException;
      if (!(cause instanceof ConnectException || cause instanceof UnknownHostException || timeout)) {
        LOG.log(Level.FINE, "Upstream failed for request " + exchange.requestId(), cause);
      }
      fail(timeout ? OpenAiError.upstreamTimeout() : OpenAiError.upstreamUnavailable(),
          timeout ? OpenAiError.upstreamTimeout() : OpenAiError.upstreamStreamBroken());
    }
  }

  /** The watchdog's verdict: no first byte in time, or silence mid-answer. */
  synchronized void timedOut() {
    if (finished || upstreamDone) return;
    fail(OpenAiError.upstreamTimeout(), OpenAiError.upstreamTimeout());
    if (call != null) call.cancel(true);
  }

  @Override public void releaseResources() { }

  // ---- client side (container threads) ----

  @Override public synchronized void onWritePossible() { drain(); }

  @Override public synchronized void onError(Throwable t) { clientGone(); }

  // ---- the relay ----

  /** Before the first byte the failure is an error response; after it, a last SSE error frame. */
  private void fail(OpenAiError beforeFirstByte, OpenAiError midStream) {
    upstreamDone = true;
    pending.clear();
    pendingBytes = 0;
    if (!response.isCommitted() && status == 0) {
      writeError(beforeFirstByte);
    } else if (streaming) {
      pending.add(midStream.toSseFrame());
      needFlush = true;
    } else {
      status = midStream.status();   // a truncated body; the client's JSON parser will notice
    }
    drain();
  }

  private void failWithUpstreamError(HttpResponse upstream) {
    OpenAiError error = UpstreamErrors.toOpenAi(status, errorBody.toByteArray(), errorBody.size(),
        exchange.providerKey());
    Header[] headers = upstream != null ? upstream.getHeaders() : errorHeaders;
    if (headers != null) {
      for (Header header : headers) {
        String name = header.getName().toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("retry-after") || name.startsWith("x-ratelimit-") || name.equals("x-request-id")
            || name.startsWith("openai-")) {
          response.setHeader(header.getName(), header.getValue());
        }
      }
    }
    errorBody = null;
    upstreamDone = true;
    writeError(error);
    drain();
  }

  private void writeError(OpenAiError error) {
    response.setStatus(error.status());
    response.setContentType("application/json");
    byte[] body = error.toBytes();
    response.setContentLength(body.length);
    pending.add(body);
    pendingBytes += body.length;
    needFlush = true;
    status = error.status();
  }

  private void drain() {
    if (finished) return;
    try {
      while (!pending.isEmpty()) {
        if (!out.isReady()) return;   // onWritePossible() comes when the client can take more
        byte[] chunk = pending.poll();
        pendingBytes -= chunk.length;
        out.write(chunk);
        needFlush = true;
      }
      if (!out.isReady()) return;
      if (needFlush) {
        needFlush = false;
        out.flush();   // this frame reaches the client now, not when a buffer fills
        if (!out.isReady()) return;
      }
      if (upstreamDone) {
        finish(false);
      } else if (starved && capacity != null) {
        starved = false;
        capacity.update(HIGH_WATER - pendingBytes);
      }
    } catch (IOException | IllegalStateException clientGone) {
      clientGone();
    }
  }

  private void clientGone() {
    if (finished) return;
    if (call != null && !upstreamDone) call.cancel(true);   // stop paying for tokens nobody reads
    finish(true);
  }

  private void finish(boolean clientGone) {
    finished = true;
    pending.clear();
    try {
      async.complete();
    } catch (IllegalStateException alreadyCompleted) {
      // the container completed it after a client error
    }
    exchange.ended(status, clientGone);
    if (resultCallback != null) resultCallback.completed(null);
  }
}
