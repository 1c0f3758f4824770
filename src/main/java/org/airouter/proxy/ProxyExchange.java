package org.airouter.proxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.keys.ActiveKey;
import org.airouter.failover.AttemptPlan;
import org.airouter.failover.Replay;
import org.airouter.failover.StreamShape;
import org.airouter.routing.ActiveRoute;
import org.airouter.routing.ActiveTarget;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.util.Map;
import org.airouter.limits.Admission;
import org.airouter.limits.LimitAnswers;
import org.airouter.limits.MaxTokens;
import org.airouter.observability.Observed;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;
import org.airouter.usage.UsageRecord;
import org.airouter.secrets.Redactor;
import org.airouter.wire.OpenAiError;

/**
 * One proxied request, from its first body byte to its last answer byte. The body is read without blocking
 * ({@link BodyReader}); once it is in, the model picks a route, its {@link AttemptLoop} makes the upstream calls, and
 * a {@link ResponseRelay} streams each answer back.
 */
final class ProxyExchange implements BodyReader.Sink, ResponseRelay.Exchange, Watchdog.Watched, Watchdog.Upload,
    Watchdog.Waiting {
  private static final Logger LOG = Logger.getLogger(ProxyExchange.class.getName());

  private final Proxy proxy;
  private final AsyncContext async;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final ActiveKey key;
  private final String requestId;
  private final String path;
  private final boolean jsonish;
  private final String contentType;
  private final RequestBody body;
  private final ClientHangup hangup;
  private BodyReader reader;
  private volatile boolean bodyWhole;   // read to its end: payload capture may copy it
  private final boolean anthropicIngress;   // /v1/messages from an Anthropic SDK: errors in Anthropic's shape
  private final Observed observed;          // access log and trace span
  private final CaptureTap capture = new CaptureTap();   // payload capture, when on for the route or key

  private ActiveRoute route;            // the route the model matched
  private volatile AttemptLoop loop;    // its attempts, once the route is known and the request admitted
  private ServletOutputStream out;
  private volatile boolean clientGone;
  private String requestedModel;
  private boolean streaming;
  private Admission admission;   // limits and budget, reserved before the upstream call; settled in record()
  private final Instant startedAtWall = Instant.now();
  private final long startedAt = System.nanoTime();
  private volatile long firstByteAt;
  private volatile long lastActivityAt = startedAt;

  ProxyExchange(Proxy proxy, AsyncContext async, ActiveKey key, String requestId, String path, Observed observed)
      throws IOException {
    this.proxy = proxy;
    this.observed = observed;
    this.async = async;
    this.request = (HttpServletRequest) async.getRequest();
    this.response = (HttpServletResponse) async.getResponse();
    this.key = key;
    this.requestId = requestId;
    this.path = path;
    this.contentType = request.getContentType();
    this.anthropicIngress = Endpoint.of(path).anthropic();
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    // curl -d sends JSON as form data unless told otherwise; treat untyped or form bodies as JSON candidates too.
    this.jsonish = type.isEmpty() || type.startsWith("application/json") || type.contains("+json")
        || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("text/plain");
    ProxySettings limits = proxy.settings();
    // JSON is scanned and rewritten in one array, so it must stay in memory; other bodies may go to disk.
    this.body = new RequestBody(request.getContentLengthLong(),
        jsonish ? (int) Math.min(Integer.MAX_VALUE - 8, limits.maxBodyBytes()) : limits.bodyMemoryBytes(),
        proxy.bodyMemory(), !jsonish);
    this.hangup = new ClientHangup(async, request.getInputStream());
  }

  void start() throws IOException {
    reader = new BodyReader(request.getInputStream(), body, proxy.settings().maxBodyBytes(), this);
    proxy.watchdog().watchUpload(this);
    reader.start();
  }

  // ---- how reading the body ended (container threads; bodyStalled: the watchdog's) ----

  @Override public long lastReadAt() { return reader.lastReadAt(); }

  @Override public void bodyStalled() {
    if (!reader.stall()) return;   // the body ended meanwhile
    response.setHeader("Connection", "close");   // the rest of the announced body will not be read
    try {
      fail(OpenAiError.bodyTimeout(proxy.settings().bodyIdleTimeoutMs()));
    } catch (IOException | IllegalStateException clientGone) {
      // fail() has completed the exchange and freed the body
    }
  }

  @Override public void bodyOverBudget() throws IOException {
    proxy.watchdog().releaseUpload(this);
    response.setHeader("Connection", "close");
    BodyMemory budget = proxy.bodyMemory();
    if (request.getContentLengthLong() > budget.limit()) {
      fail(OpenAiError.bodyTooLarge(budget.limit()));   // would never fit, however long the client waited
      return;
    }
    response.setHeader("Retry-After", "1");
    fail(OpenAiError.bodiesOverBudget());
  }

  @Override public void bodyRead() throws IOException {
    proxy.watchdog().releaseUpload(this);
    bodyWhole = true;
    try {
      forward();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "Request " + requestId + " failed in the router", e);
      if (relay() == null) fail(OpenAiError.internal(requestId));
    }
  }

  @Override public void bodyTooLarge() throws IOException {
    proxy.watchdog().releaseUpload(this);
    response.setHeader("Connection", "close");   // do not read the rest of an oversized upload
    fail(OpenAiError.bodyTooLarge(proxy.settings().maxBodyBytes()));
  }

  @Override public void bodyNotStored(Exception cause) throws IOException {
    proxy.watchdog().releaseUpload(this);
    LOG.log(Level.SEVERE, "Request " + requestId + ": the body could not be buffered", cause);
    fail(OpenAiError.internal(requestId));
  }

  @Override public void uploadFailed(Throwable cause) {
    proxy.watchdog().releaseUpload(this);
    body.close();
    if (relay() != null) return;   // the answer had begun: the relay's onError (called next) finishes the request
    // The client went away while uploading.
    try {
      async.complete();
    } catch (IllegalStateException alreadyDone) {
      // nothing left to close
    }
  }

  // ---- choosing the route and calling upstream ----

  private void forward() throws IOException {
    String model = null;
    JsonModel.Found found = JsonModel.Found.ABSENT;
    if (headerCount("Content-Type") > 1) {   // which one an upstream reads is its choice, not ours
      fail(OpenAiError.ambiguousRequest("the request has more than one Content-Type", null));
      return;
    }
    if (jsonish && body.size() > 0) {
      try {
        found = JsonModel.find(body.array(), body.arrayLength());
      } catch (JsonModel.Ambiguous e) {
        fail(OpenAiError.ambiguousRequest(e.getMessage(), e.field));
        return;
      } catch (JsonModel.Malformed e) {
        fail(OpenAiError.invalidJson(e.getMessage()));
        return;
      }
      if (found.kind() == JsonModel.Kind.NOT_A_STRING) {
        fail(OpenAiError.invalidModel());
        return;
      }
      model = found.model();
      streaming = found.stream();
    } else if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      try {
        String boundary = MultipartModel.boundary(contentType);
        if (boundary != null) model = MultipartModel.find(body.open(), boundary);
      } catch (MultipartModel.Refused e) {
        fail(e.code.equals("ambiguous_field") ? OpenAiError.ambiguousRequest(e.getMessage(), e.param)
            : OpenAiError.invalidMultipart(e.getMessage()));
        return;
      }
    }

    requestedModel = model;
    if (model != null ? !key.mayUse(model) : key.restricted()) {
      // A key limited to some models may not reach the default route's model by naming none.
      fail(OpenAiError.modelNotAllowed(model == null ? "(none)" : model));
      return;
    }
    Optional<ActiveRoute> target = proxy.router().route(model);
    if (target.isEmpty()) {
      fail(model == null ? OpenAiError.modelMissing() : OpenAiError.modelNotFound(model));
      return;
    }
    route = target.get();
    // Before admission: a refusal by the limits is an answer of this route's, captured as any other.
    startCapture();
    StreamShape streamShape = StreamShape.of(path);
    boolean replaySafe = jsonish
        ? Replay.allowed(request.getMethod(), path, BodyFields.flag(body, "store"), BodyFields.flag(body, "background"))
        : Replay.allowed(request.getMethod(), path, null, null);
    String stickyHeader = route.failover().stickyHeader();
    String sticky = stickyHeader != null ? request.getHeader(stickyHeader)
        : "user".equals(route.failover().sticky()) && jsonish ? BodyFields.user(body) : null;
    AttemptPlan plan = proxy.failovers().plan(route, path.equals("/embeddings"), replaySafe, sticky);
    boolean holdStreams = replaySafe && Failovers.worthHolding(route);
    // Admitted once per client request, before its first attempt, whatever follows; estimated as the route's primary
    // target would be priced (settled as the one that answered).
    admission = proxy.limiter().admit(key, requestedModel, route.upstream().kind().id(),
        model == null ? null : route.upstreamModelFor(model), body.size(),
        () -> jsonish ? MaxTokens.of(body.array(), body.arrayLength()) : 0);
    LimitAnswers.headers(response, admission, anthropicIngress);
    if (!admission.admitted()) {
      plan.abandon();
      fail(LimitAnswers.error(admission));
      return;
    }
    loop = new AttemptLoop(proxy, this, response, new UpstreamCalls(request, body, path, contentType, found,
        requestedModel, anthropicIngress, proxy.settings().maxAnswerBytes()), route, plan, streamShape, holdStreams,
        streaming, requestedModel);
    loop.start();
  }

  private int headerCount(String name) {
    int n = 0;
    for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); values.nextElement()) n++;
    return n;
  }

  // ---- what the attempt loop asks of the client's side ----

  private ResponseRelay relay() {
    AttemptLoop l = loop;
    return l == null ? null : l.relay();
  }

  AsyncContext async() { return async; }

  /** The response as an attempt's relay writes it (the limits' headers kept). */
  HttpServletResponse guardedResponse() { return LimitAnswers.guard(response, admission); }

  boolean clientGone() { return clientGone; }

  /** The first upstream call, on the container thread: from here on, output is non-blocking. */
  void clientOutput() throws IOException {
    if (out != null) return;
    out = response.getOutputStream();
    out.setWriteListener(new ClientWrites());
  }

  /** An attempt begins: its time to first byte is its own. */
  void attemptStarting() { firstByteAt = 0; }

  /** The client left while an attempt waited for its turn. */
  void leftBeforeAttempt() {
    body.close();
    record(499, true, null, 0, null);
  }

  private void fail(OpenAiError error) throws IOException { fail(error, Map.of()); }

  /**
   * Payload capture, when switched on for the route matched (null before routing: a request refused before it had
   * one is captured only when its key is switched on). Once; later calls do nothing.
   */
  private void startCapture() {
    capture.start(proxy.captures(), requestId, route == null ? null : route.name(), key.name(), path, body,
        bodyWhole, jsonish, contentType);
  }

  /** The client's answer is this error, with these headers (the plan's, when it gave up); the exchange ends. */
  void fail(OpenAiError error, Map<String, String> headers) throws IOException {
    AttemptLoop l = loop;
    if (l != null && l.opened()) {
      failOpenStream(error);
      return;
    }
    try {
      headers.forEach(response::setHeader);
      // After an attempt, output is non-blocking: a write must follow an isReady() (nothing was written, so it is).
      if (out != null) out.isReady();
      startCapture();
      capture.answered(ErrorResponses.write(response, error, anthropicIngress));
    } finally {
      body.close();
      async.complete();
      record(error.status(), false, null, 0, error.code());
    }
  }

  /** The client has a 200 and keepalives (no attempt's relay is writing now): the error is the stream's last frame. */
  private void failOpenStream(OpenAiError error) throws IOException {
    try {
      if (out.isReady()) {
        byte[] frame = ErrorResponses.frame(error, anthropicIngress);
        out.write(frame);   // completing flushes it
        capture.answered(frame);
      }
    } finally {
      body.close();
      async.complete();
      record(error.status(), false, null, 0, error.code());
    }
  }

  void failQuietly(OpenAiError error, Map<String, String> headers) {
    try {
      fail(error, headers);
    } catch (IOException | IllegalStateException gone) {
      // the client left; fail() completed the exchange
    }
  }

  private void record(int status, boolean clientGone, Tokens tokens, int frames, String errorCode) {
    long now = System.nanoTime();
    boolean streamCut = tokens == null && frames > 0 && status < 400;
    // A stream cut short never got its usage chunk; it sent about one token a frame (the first carries the role).
    Tokens counted = tokens != null ? tokens : streamCut ? new Tokens(0, Math.max(0, frames - 1), 0, 0) : Tokens.NONE;
    long firstByte = firstByteAt;
    AttemptLoop l = loop;
    ActiveTarget target = l == null ? null : l.target();
    String upstreamModel = l == null ? null : l.upstreamModel();
    // Priced as the target that answered last: the upstream model and provider the tokens were spent on.
    Cost cost = proxy.limiter().settle(admission, target != null ? target.upstream().kind().id()
        : route == null ? null : route.upstream().kind().id(), upstreamModel, counted);
    UsageRecord usageRecord = new UsageRecord(startedAtWall, key.id(), route == null ? 0 : route.routeId(),
        requestedModel, upstreamModel, path, status, errorCode,
        firstByte == 0 ? 0 : millis(firstByte - startedAt), millis(now - startedAt), counted, clientGone,
        streamCut, requestId, target == null ? null : target.name(), l == null ? 0 : l.attempts(), cost);
    proxy.usage().record(usageRecord);
    proxy.metrics().record(route == null ? null : route.name(), requestedModel, status, streaming,
        firstByte == 0 ? -1 : firstByte - startedAt, now - startedAt);
    ActiveRoute answering = l != null && l.attemptRoute() != null ? l.attemptRoute() : route;
    observed.finished(usageRecord, key, answering == null ? null : answering.name(),
        target != null ? target.upstream().kind().id() : route == null ? null : route.upstream().kind().id(),
        streaming);
    capture.finish(proxy.captures(), route, answering, requestedModel, streaming, status, errorCode);
  }

  private static int millis(long nanos) { return (int) Math.min(Integer.MAX_VALUE, nanos / 1_000_000); }

  // ---- what the relay and the watchdog see ----

  @Override public String requestId() { return requestId; }

  Observed observed() { return observed; }

  String path() { return path; }

  @Override public Redactor redactor() { return loop.target().redactor(); }

  @Override public void answered(byte[] chunk) { capture.answered(chunk); }

  @Override public void firstByte() {
    long now = System.nanoTime();
    firstByteAt = now;
    lastActivityAt = now;
  }

  @Override public void activity() { lastActivityAt = System.nanoTime(); }

  @Override public Map<String, String> failedBeforeCommit(RelayOutcome outcome) {
    proxy.watchdog().release(this);
    return loop.failedBeforeCommit(outcome);
  }

  @Override public void ended(RelayOutcome outcome) {
    proxy.watchdog().release(this);
    loop.ended(outcome);
    body.close();
    record(outcome.status(), outcome.clientGone(), outcome.tokens(), outcome.frames(), outcome.errorCode());
  }

  @Override public long firstByteAt() { return firstByteAt; }

  @Override public long startedAt() { return loop.startedAt(); }

  @Override public long firstByteLimitNanos() { return loop.firstByteLimitNanos(); }

  @Override public long idleLimitNanos() { return loop.idleLimitNanos(); }

  @Override public boolean firstTokenLate(long now) { return loop.firstTokenLate(now); }

  @Override public long lastActivityAt() { return lastActivityAt; }

  @Override public boolean waitingForClient() { return relay().waitingForClient(); }

  @Override public void timedOut() { relay().timedOut(); }

  @Override public void tick(long now) {
    ResponseRelay r = relay();
    // A client that left while nothing was written to it: ended as if a write had failed (the relay's own path).
    if (hangup.gone()) {
      clientGone = true;   // also stops an attempt still waiting for its turn
      r.onError(new EOFException("the client closed its connection"));
      return;
    }
    loop.keepalive(r);
    r.probeClient(now);
  }

  @Override public void shutDown() { relay().shutDown(); }

  @Override public void shutDownWaiting() {
    loop.abandon();
    failQuietly(OpenAiError.shuttingDown(), loop.opened() ? Map.of() : Map.of("Retry-After", "1"));
  }

  /**
   * The response's one write listener (the container takes one per request), handing its calls to the current
   * attempt's relay; a client that leaves between attempts stops the next one.
   */
  private final class ClientWrites implements WriteListener {
    @Override public void onWritePossible() {
      ResponseRelay r = relay();
      if (r != null) r.onWritePossible();
    }

    @Override public void onError(Throwable t) {
      clientGone = true;
      ResponseRelay r = relay();
      if (r != null) {
        r.onError(t);
      } else {
        try {
          async.complete();
        } catch (IllegalStateException alreadyDone) {
          // nothing left to close
        }
      }
    }
  }
}
