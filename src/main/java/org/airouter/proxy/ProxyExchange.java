package org.airouter.proxy;

import org.airouter.wire.JsonIo;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.keys.ActiveKey;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.airouter.provider.InvalidTarget;
import org.airouter.provider.Provider;
import org.airouter.provider.TranslatedChat;
import org.airouter.provider.UpstreamRequest;
import org.airouter.provider.Providers;
import org.airouter.failover.AttemptOutcome;
import org.airouter.failover.AttemptPlan;
import org.airouter.failover.AttemptStep;
import org.airouter.failover.Replay;
import org.airouter.failover.StreamShape;
import org.airouter.routing.ActiveRoute;
import org.airouter.routing.ActiveTarget;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.airouter.limits.Admission;
import org.airouter.limits.LimitAnswers;
import org.airouter.limits.MaxTokens;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;
import org.airouter.usage.UsageRecord;
import org.airouter.secrets.Redactor;
import org.airouter.wire.OpenAiError;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;

/**
 * One proxied request, from its first body byte to its last answer byte. The body is read without blocking
 * ({@link BodyReader}); once it is in, the model picks a route, the upstream call goes out, and a {@link ResponseRelay}
 * streams the answer back.
 */
final class ProxyExchange implements BodyReader.Sink, ResponseRelay.Exchange, Watchdog.Watched, Watchdog.Upload {
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
  private final boolean anthropicIngress;   // /v1/messages from an Anthropic SDK: errors in Anthropic's shape

  private ActiveRoute route;            // the route the model matched
  private ActiveRoute attemptRoute;     // the current attempt's (the matched one, or a fallback)
  private ActiveTarget activeTarget;    // the current attempt's target
  private AttemptPlan plan;
  private JsonModel.Found found = JsonModel.Found.ABSENT;
  private StreamShape streamShape;
  private boolean holdStreams;
  private int attemptNumber;
  private volatile long attemptStartedAt = System.nanoTime();
  private Map<String, String> giveUpHeaders = Map.of();
  private ServletOutputStream out;
  private volatile boolean clientGone;
  private String requestedModel;
  private String upstreamModel;
  private boolean streaming;
  private ResponseRelay relay;
  private Admission admission;   // limits and budget, reserved before the upstream call; settled in record()
  private final Instant startedAtWall = Instant.now();
  private final long startedAt = System.nanoTime();
  private volatile long firstByteAt;
  private volatile long lastActivityAt = startedAt;

  ProxyExchange(Proxy proxy, AsyncContext async, ActiveKey key, String requestId, String path) throws IOException {
    this.proxy = proxy;
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
    try {
      forward();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "Request " + requestId + " failed in the router", e);
      if (relay == null) fail(OpenAiError.internal(requestId));
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
    if (relay != null) return;   // the answer had begun: the relay's onError (called next) finishes the request
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
    this.found = found;
    streamShape = StreamShape.of(path);
    boolean replaySafe = jsonish ? Replay.allowed(request.getMethod(), path, flag("store"), flag("background"))
        : Replay.allowed(request.getMethod(), path, null, null);
    String stickyHeader = route.failover().stickyHeader();
    String sticky = stickyHeader != null ? request.getHeader(stickyHeader)
        : "user".equals(route.failover().sticky()) ? userField() : null;
    plan = proxy.failovers().plan(route, path.equals("/embeddings"), replaySafe, sticky);
    // Holding a stream until its first content costs its client the head's early arrival (and with it the chance to
    // notice a client that leaves): only worth it when another target could answer instead.
    holdStreams = replaySafe && route.failover().maxAttempts() > 1
        && (enabledTargets(route) > 1 || !route.failover().fallbacks().isEmpty());
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
    next(plan.first());
  }

  private static int enabledTargets(ActiveRoute route) {
    int n = 0;
    for (ActiveTarget t : route.targets()) if (t.enabled()) n++;
    return n;
  }

  /** A top-level boolean of the JSON body ({@code store}, {@code background}), or null; parsed only if named. */
  private Boolean flag(String name) {
    if (body.size() == 0 || !contains(body.array(), body.arrayLength(), ("\"" + name + "\"").getBytes(StandardCharsets.US_ASCII))) {
      return null;
    }
    try (JsonReader reader = JsonIo.PROVIDER.createReader(new ByteArrayInputStream(body.array(), 0, body.arrayLength()))) {
      JsonValue v = reader.readObject().get(name);
      return v == JsonValue.TRUE ? Boolean.TRUE : v == JsonValue.FALSE ? Boolean.FALSE : null;
    } catch (RuntimeException e) {
      return Boolean.TRUE;   // unreadable: treat as stored, never replayed
    }
  }

  /** The body's top-level {@code user} (what {@code sticky: "user"} keeps on one target), or null. */
  private String userField() {
    if (!jsonish || body.size() == 0
        || !contains(body.array(), body.arrayLength(), "\"user\"".getBytes(StandardCharsets.US_ASCII))) {
      return null;
    }
    try (JsonReader reader = JsonIo.PROVIDER.createReader(new ByteArrayInputStream(body.array(), 0, body.arrayLength()))) {
      return reader.readObject().get("user") instanceof jakarta.json.JsonString user ? user.getString() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean contains(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }

  // ---- the attempt loop ----

  /** The plan's next step: an attempt now, one after a wait (on the scheduler, never on this thread), or the end. */
  private void next(AttemptStep step) throws IOException {
    if (step instanceof AttemptStep.Attempt a) {
      if (a.waitBefore().isZero()) {
        attempt(a);
        return;
      }
      proxy.scheduler().schedule(() -> {
        try {
          attempt(a);
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.SEVERE, "Request " + requestId + " failed in the router", e);
          plan.abandon();
          failQuietly(OpenAiError.internal(requestId));
        }
      }, a.waitBefore().toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    // Only plan.first() gets here: no target of the route could be tried.
    giveUpHeaders = step instanceof AttemptStep.GiveUp g ? g.headers() : Map.of();
    fail(OpenAiError.upstreamUnavailable());
  }

  /** One upstream call: the target's own address, key, headers and model, the body as the client sent it. */
  private void attempt(AttemptStep.Attempt a) throws IOException {
    if (clientGone) {   // left while this attempt waited
      plan.abandon();
      body.close();
      record(499, true, null, 0, null);
      return;
    }
    attemptRoute = proxy.failovers().route(route, a.route());
    activeTarget = attemptRoute.targets().stream().filter(t -> t.name().equals(a.target().name())).findFirst()
        .orElseThrow();
    attemptNumber = a.number();
    attemptStartedAt = System.nanoTime();
    firstByteAt = 0;
    response.setHeader("x-airouter-route", attemptRoute.name());
    response.setHeader("x-airouter-target", activeTarget.name());
    response.setHeader("x-airouter-attempts", Integer.toString(a.number()));

    Provider provider = Providers.of(activeTarget.upstream().kind());
    String model = requestedModel;
    upstreamModel = model == null ? null : activeTarget.upstreamModelFor(model);
    TranslatedChat chat = provider instanceof TranslatedChat t ? t : null;
    if (anthropicIngress && chat == null) {
      refuse(new OpenAiError(400, "The model '" + model + "' is served by a " + activeTarget.upstream().kind().id()
          + " route; /v1" + path + " reaches Anthropic routes only.", "invalid_request_error", "model",
          "unsupported_route"));
      return;
    }
    if (chat != null && path.equals("/chat/completions")) {
      translateChat(provider, chat, found);
      return;
    }
    if (chat != null && !anthropicIngress) {
      refuse(new OpenAiError(400, "The model '" + model + "' is served by a " + activeTarget.upstream().kind().id()
          + " route, which does not serve /v1" + path + ".", "invalid_request_error", null, "unsupported_endpoint"));
      return;
    }

    URI uri;
    try {
      uri = provider.target(activeTarget.upstream(), path, request.getQueryString(), upstreamModel);
    } catch (InvalidTarget refused) {
      refuse(refused.error());
      return;
    }
    BasicHttpRequest upstreamRequest = upstreamRequest(provider, uri);

    BodyProducer entity = null;
    // The router needs the usage of every stream; a client that did not ask for it will not see it.
    boolean askForUsage = found.stream() && !found.streamOptions()
        && (path.equals("/chat/completions") || path.equals("/completions"));
    if (body.size() > 0) {
      String encoding = request.getHeader("Content-Encoding");
      boolean rewrite = found.kind() == JsonModel.Kind.STRING && !upstreamModel.equals(model);
      if (rewrite || askForUsage) {
        byte[] bytes = rewrite ? JsonModel.rewrite(body.array(), body.arrayLength(), found, upstreamModel)
            : java.util.Arrays.copyOf(body.array(), body.arrayLength());
        if (askForUsage) bytes = JsonModel.askForUsage(bytes, bytes.length);
        entity = new BodyProducer(bytes, bytes.length, contentType, encoding);
      } else {
        entity = new BodyProducer(body, contentType, encoding);   // a fresh producer per attempt: the body is held
      }
    }

    send(upstreamRequest, entity, anthropicIngress ? AnswerShape.nativeCall(attemptRoute.name(), chat)
        : AnswerShape.passthrough(attemptRoute.name(), askForUsage));
  }

  /** A target that cannot serve this request: the client's error, no upstream call (nor another attempt). */
  private void refuse(OpenAiError error) throws IOException {
    plan.abandon();
    fail(error);
  }

  /**
   * An OpenAI chat request to a provider with its own API: the one place a request body is rebuilt (parsed, model
   * rewritten, translated); the answer is translated back by the relay's {@link AnswerShape}.
   */
  private void translateChat(Provider provider, TranslatedChat chat, JsonModel.Found found) throws IOException {
    JsonObject openAi;
    try (JsonReader reader = JsonIo.PROVIDER.createReader(new ByteArrayInputStream(body.array(), 0, body.arrayLength()))) {
      openAi = reader.readObject();
    } catch (RuntimeException e) {
      refuse(OpenAiError.invalidJson("expected one JSON object"));
      return;
    }
    if (upstreamModel != null) openAi = JsonIo.PROVIDER.createObjectBuilder(openAi).add("model", upstreamModel).build();
    boolean includeUsage = openAi.get("stream_options") instanceof JsonObject options
        && options.get("include_usage") == JsonValue.TRUE;
    UpstreamRequest.Chat call;
    try {
      call = UpstreamRequest.chat(activeTarget.upstream(), openAi, request.getQueryString(), upstreamModel);
    } catch (InvalidTarget refused) {
      refuse(refused.error());
      return;
    } catch (TranslatedChat.UnsupportedRequest e) {
      refuse(new OpenAiError(400, e.getMessage(), "invalid_request_error", e.param(), "unsupported_parameter"));
      return;
    } catch (RuntimeException e) {   // a field of the wrong JSON type, say
      refuse(new OpenAiError(400, "The request could not be translated for this model's provider: " + e.getMessage(),
          "invalid_request_error", null, "invalid_request"));
      return;
    }
    BasicHttpRequest upstreamRequest = upstreamRequest(provider, call.uri());
    send(upstreamRequest, new BodyProducer(call.body(), call.body().length, "application/json", null),
        AnswerShape.translated(attemptRoute.name(), chat, includeUsage,
            proxy.settings().maxAnswerBytes()));
  }

  private int headerCount(String name) {
    int n = 0;
    for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); values.nextElement()) n++;
    return n;
  }

  /**
   * The upstream request: the client's forwardable headers, then the provider's credentials, defaults and the route's
   * headers, as {@link UpstreamRequest} says for every upstream call.
   */
  private BasicHttpRequest upstreamRequest(Provider provider, URI uri) {
    BasicHttpRequest upstreamRequest = new BasicHttpRequest(request.getMethod(), uri);
    Set<String> connectionScoped = ForwardedHeaders.namedInConnection(request.getHeaders("Connection"));
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      if (!ForwardedHeaders.toUpstream(name) || connectionScoped.contains(name.toLowerCase(Locale.ROOT))) continue;
      for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
        upstreamRequest.addHeader(name, values.nextElement());
      }
    }
    UpstreamRequest.addRouterHeaders(provider, activeTarget.upstream(), new UpstreamRequest.Headers() {
      @Override public void set(String name, String value) { upstreamRequest.setHeader(name, value); }

      @Override public boolean has(String name) { return upstreamRequest.containsHeader(name); }
    });
    return upstreamRequest;
  }

  private void send(BasicHttpRequest upstreamRequest, BodyProducer entity, AnswerShape shape) throws IOException {
    if (out == null) {   // the first upstream call, on the container thread: from here on, output is non-blocking
      out = response.getOutputStream();
      out.setWriteListener(new ClientWrites());
    }
    relay = new ResponseRelay(async, LimitAnswers.guard(response, admission), this, shape, proxy.queued(),
        holdStreams ? streamShape : null);
    proxy.watchdog().watch(this);
    Future<Void> call = proxy.upstream().execute(new BasicRequestProducer(upstreamRequest, entity), relay, null);
    relay.upstreamCall(call);
  }

  private void fail(OpenAiError error) throws IOException {
    try {
      giveUpHeaders.forEach(response::setHeader);
      // After an attempt, output is non-blocking: a write must follow an isReady() (nothing was written, so it is).
      if (out != null) out.isReady();
      ErrorResponses.write(response, error, anthropicIngress);
    } finally {
      body.close();
      async.complete();
      record(error.status(), false, null, 0, error.code());
    }
  }

  private void failQuietly(OpenAiError error) {
    try {
      fail(error);
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
    // Priced as the target that answered last: the upstream model and provider the tokens were spent on.
    Cost cost = proxy.limiter().settle(admission, activeTarget != null ? activeTarget.upstream().kind().id()
        : route == null ? null : route.upstream().kind().id(), upstreamModel, counted);
    proxy.usage().record(new UsageRecord(startedAtWall, key.id(), route == null ? 0 : route.routeId(),
        requestedModel, upstreamModel, path, status, errorCode,
        firstByte == 0 ? 0 : millis(firstByte - startedAt), millis(now - startedAt), counted, clientGone,
        streamCut, requestId, activeTarget == null ? null : activeTarget.name(), plan == null ? 0 : plan.attempts(),
        cost));
    proxy.metrics().record(route == null ? null : route.name(), requestedModel, status, streaming,
        firstByte == 0 ? -1 : firstByte - startedAt, now - startedAt);
  }

  private static int millis(long nanos) { return (int) Math.min(Integer.MAX_VALUE, nanos / 1_000_000); }

  // ---- what the relay and the watchdog see ----

  @Override public String requestId() { return requestId; }

  @Override public Redactor redactor() { return activeTarget.redactor(); }

  @Override public void firstByte() {
    long now = System.nanoTime();
    firstByteAt = now;
    lastActivityAt = now;
  }

  @Override public void activity() { lastActivityAt = System.nanoTime(); }

  @Override public Map<String, String> failedBeforeCommit(RelayOutcome outcome) {
    proxy.watchdog().release(this);
    AttemptOutcome result = AttemptOutcomes.of(outcome);
    countAttempt(result);
    AttemptStep step = plan.after(result, took());
    if (step instanceof AttemptStep.Attempt a && !clientGone) {
      try {
        next(a);
        return null;
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.SEVERE, "Request " + requestId + ": the next attempt could not start", e);
        plan.abandon();
        return Map.of();
      }
    }
    if (step instanceof AttemptStep.Attempt) plan.abandon();
    return step instanceof AttemptStep.GiveUp g ? g.headers() : Map.of();
  }

  /** @param result null: the client left during the attempt */
  private void countAttempt(AttemptOutcome result) {
    if (activeTarget == null) return;
    String outcome = result == null ? "client_gone"
        : result instanceof AttemptOutcome.Answered ? "answered"
        : result instanceof AttemptOutcome.Rejected ? "rejected"
        : result instanceof AttemptOutcome.NoResponse n ? (n.timedOut() ? "timed_out" : "no_response")
        : "failed_after_commit";
    proxy.metrics().attempt(attemptRoute.name(), activeTarget.name(), outcome);
  }

  private Duration took() { return Duration.ofNanos(System.nanoTime() - attemptStartedAt); }

  @Override public void ended(RelayOutcome outcome) {
    proxy.watchdog().release(this);
    if (outcome.clientGone() || outcome.failedBeforeCommit()) {
      plan.abandon();   // frees a probe permit; nothing when the plan already heard this attempt's failure
      if (outcome.clientGone()) countAttempt(null);
    } else {
      AttemptOutcome result = AttemptOutcomes.of(outcome);
      countAttempt(result);
      plan.after(result, took());   // an answer, or a failure after commit: health hears of it
    }
    body.close();
    record(outcome.status(), outcome.clientGone(), outcome.tokens(), outcome.frames(), outcome.errorCode());
  }

  @Override public long firstByteAt() { return firstByteAt; }

  @Override public long startedAt() { return attemptStartedAt; }

  @Override public long firstByteLimitNanos() {
    Integer ms = timeout(activeTarget.timeouts().firstByteMs(), route.failover().timeouts().firstByteMs());
    long limit = ms == null ? proxy.settings().firstByteTimeoutMs() : ms;
    // No attempt outlives the request's deadline (counted from this attempt's start).
    long left = plan.deadline().remaining().toMillis() + millis(System.nanoTime() - attemptStartedAt);
    return TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(limit, left)));
  }

  @Override public long idleLimitNanos() {
    Integer ms = timeout(activeTarget.timeouts().idleMs(), route.failover().timeouts().idleMs());
    return ms == null ? 0 : TimeUnit.MILLISECONDS.toNanos(ms);
  }

  /** A held stream with no content for its first-token timeout: cancelled, and counted as a timeout. */
  @Override public boolean firstTokenLate(long now) {
    Integer ms = timeout(activeTarget.timeouts().firstTokenMs(), route.failover().timeouts().firstTokenMs());
    ResponseRelay r = relay;
    return ms != null && r != null && now - attemptStartedAt > TimeUnit.MILLISECONDS.toNanos(ms) && r.holdingStream();
  }

  private static Integer timeout(Integer target, Integer route) { return target != null ? target : route; }

  @Override public long lastActivityAt() { return lastActivityAt; }

  @Override public boolean waitingForClient() { return relay.waitingForClient(); }

  @Override public void timedOut() { relay.timedOut(); }

  @Override public void tick(long now) {
    ResponseRelay r = relay;
    // A client that left while nothing was written to it: ended as if a write had failed (the relay's own path).
    if (hangup.gone()) {
      clientGone = true;   // also stops an attempt still waiting for its turn
      r.onError(new java.io.EOFException("the client closed its connection"));
      return;
    }
    int keepaliveAfterMs = route.failover().keepaliveAfterMsOrDefault();
    if (holdStreams && keepaliveAfterMs > 0 && now - attemptStartedAt > TimeUnit.MILLISECONDS.toNanos(keepaliveAfterMs)
        && r.holdingStream()) {
      r.commitHeld();
    }
    r.probeClient(now);
  }

  @Override public void shutDown() { relay.shutDown(); }

  /**
   * The response's one write listener (the container takes one per request), handing its calls to the current
   * attempt's relay; a client that leaves between attempts stops the next one.
   */
  private final class ClientWrites implements WriteListener {
    @Override public void onWritePossible() {
      ResponseRelay r = relay;
      if (r != null) r.onWritePossible();
    }

    @Override public void onError(Throwable t) {
      clientGone = true;
      ResponseRelay r = relay;
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
