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
import org.airouter.provider.Providers;
import org.airouter.routing.RouteTarget;
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
  private BodyReader reader;
  private final boolean anthropicIngress;   // /v1/messages from an Anthropic SDK: errors in Anthropic's shape

  private RouteTarget route;
  private String requestedModel;
  private String upstreamModel;
  private boolean streaming;
  private ResponseRelay relay;
  private Admission admission;   // limits and budget, reserved before the upstream call; settled in record()
  private final Instant startedAtWall = Instant.now();
  private final long startedAt = System.nanoTime();
  private volatile long firstByteAt;
  private volatile long lastActivityAt = startedAt;

  ProxyExchange(Proxy proxy, AsyncContext async, ActiveKey key, String requestId, String path) {
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
    Optional<RouteTarget> target = proxy.router().route(model);
    if (target.isEmpty()) {
      fail(model == null ? OpenAiError.modelMissing() : OpenAiError.modelNotFound(model));
      return;
    }
    route = target.get();

    Provider provider = Providers.of(route.upstream().kind());
    upstreamModel = model == null ? null : route.upstreamModelFor(model);
    TranslatedChat chat = provider instanceof TranslatedChat t ? t : null;
    if (anthropicIngress && chat == null) {
      fail(new OpenAiError(400, "The model '" + model + "' is served by a " + route.upstream().kind().id()
          + " route; /v1" + path + " reaches Anthropic routes only.", "invalid_request_error", "model",
          "unsupported_route"));
      return;
    }
    if (chat != null && path.equals("/chat/completions")) {
      translateChat(provider, chat, found);
      return;
    }
    if (chat != null && !anthropicIngress) {
      fail(new OpenAiError(400, "The model '" + model + "' is served by a " + route.upstream().kind().id()
          + " route, which does not serve /v1" + path + ".", "invalid_request_error", null, "unsupported_endpoint"));
      return;
    }

    URI uri;
    try {
      uri = provider.target(route.upstream(), path, request.getQueryString(), upstreamModel);
    } catch (InvalidTarget refused) {
      fail(refused.error());
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
        entity = new BodyProducer(body, contentType, encoding);
      }
    }

    send(upstreamRequest, entity, anthropicIngress ? AnswerShape.nativeCall(route.name(), chat)
        : AnswerShape.passthrough(route.name(), askForUsage));
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
      fail(OpenAiError.invalidJson("expected one JSON object"));
      return;
    }
    if (upstreamModel != null) openAi = JsonIo.PROVIDER.createObjectBuilder(openAi).add("model", upstreamModel).build();
    boolean includeUsage = openAi.get("stream_options") instanceof JsonObject options
        && options.get("include_usage") == JsonValue.TRUE;
    byte[] translated;
    try {
      translated = chat.chatRequest(openAi).toString().getBytes(StandardCharsets.UTF_8);
    } catch (TranslatedChat.UnsupportedRequest e) {
      fail(new OpenAiError(400, e.getMessage(), "invalid_request_error", e.param(), "unsupported_parameter"));
      return;
    } catch (RuntimeException e) {   // a field of the wrong JSON type, say
      fail(new OpenAiError(400, "The request could not be translated for this model's provider: " + e.getMessage(),
          "invalid_request_error", null, "invalid_request"));
      return;
    }
    URI uri;
    try {
      uri = provider.target(route.upstream(), chat.chatPath(), request.getQueryString(), upstreamModel);
    } catch (InvalidTarget refused) {
      fail(refused.error());
      return;
    }
    BasicHttpRequest upstreamRequest = upstreamRequest(provider, uri);
    send(upstreamRequest, new BodyProducer(translated, translated.length, "application/json", null),
        AnswerShape.translated(route.name(), chat, includeUsage,
            proxy.settings().maxAnswerBytes()));
  }

  private int headerCount(String name) {
    int n = 0;
    for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); values.nextElement()) n++;
    return n;
  }

  /** The upstream request: the client's forwardable headers, then the provider's credentials and the route's. */
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
    authenticate(provider, upstreamRequest);
    return upstreamRequest;
  }

  private void send(BasicHttpRequest upstreamRequest, BodyProducer entity, AnswerShape shape) throws IOException {
    admission = proxy.limiter().admit(key, requestedModel, route.upstream().kind().id(), upstreamModel, body.size(),
        () -> jsonish ? MaxTokens.of(body.array(), body.arrayLength()) : 0);
    LimitAnswers.headers(response, admission, anthropicIngress);
    if (!admission.admitted()) {
      fail(LimitAnswers.error(admission));
      return;
    }
    relay = new ResponseRelay(async, LimitAnswers.guard(response, admission), this, shape, proxy.queued());
    relay.listen();
    proxy.watchdog().watch(this);
    Future<Void> call = proxy.upstream().execute(new BasicRequestProducer(upstreamRequest, entity), relay, null);
    relay.upstreamCall(call);
  }

  /** The provider's credentials and defaults, then the route's extra headers (which may replace either). */
  private void authenticate(Provider provider, BasicHttpRequest upstreamRequest) {
    provider.authenticate(route.upstream(), upstreamRequest::setHeader);
    provider.defaultHeaders().forEach((name, value) -> {
      if (!upstreamRequest.containsHeader(name)) upstreamRequest.setHeader(name, value);
    });
    route.upstream().headers().forEach(upstreamRequest::setHeader);
  }

  private void fail(OpenAiError error) throws IOException {
    try {
      ErrorResponses.write(response, error, anthropicIngress);
    } finally {
      body.close();
      async.complete();
      record(error.status(), false, null, 0, error.code());
    }
  }

  private void record(int status, boolean clientGone, Tokens tokens, int frames, String errorCode) {
    long now = System.nanoTime();
    boolean streamCut = tokens == null && frames > 0 && status < 400;
    // A stream cut short never got its usage chunk; it sent about one token a frame (the first carries the role).
    Tokens counted = tokens != null ? tokens : streamCut ? new Tokens(0, Math.max(0, frames - 1), 0, 0) : Tokens.NONE;
    long firstByte = firstByteAt;
    Cost cost = proxy.limiter().settle(admission, route == null ? null : route.upstream().kind().id(), upstreamModel,
        counted);
    proxy.usage().record(new UsageRecord(startedAtWall, key.id(), route == null ? 0 : route.routeId(),
        requestedModel, upstreamModel, path, status, errorCode,
        firstByte == 0 ? 0 : millis(firstByte - startedAt), millis(now - startedAt), counted, clientGone,
        streamCut, requestId, cost));
    proxy.metrics().record(route == null ? null : route.name(), requestedModel, status, streaming,
        firstByte == 0 ? -1 : firstByte - startedAt, now - startedAt);
  }

  private static int millis(long nanos) { return (int) Math.min(Integer.MAX_VALUE, nanos / 1_000_000); }

  // ---- what the relay and the watchdog see ----

  @Override public String requestId() { return requestId; }

  @Override public Redactor redactor() { return route.redactor(); }

  @Override public void firstByte() {
    long now = System.nanoTime();
    firstByteAt = now;
    lastActivityAt = now;
  }

  @Override public void activity() { lastActivityAt = System.nanoTime(); }

  @Override public void ended(int status, boolean clientGone, Tokens tokens, int frames, String errorCode) {
    proxy.watchdog().release(this);
    body.close();
    record(status, clientGone, tokens, frames, errorCode);
  }

  @Override public long firstByteAt() { return firstByteAt; }

  @Override public long startedAt() { return startedAt; }

  @Override public long lastActivityAt() { return lastActivityAt; }

  @Override public boolean waitingForClient() { return relay.waitingForClient(); }

  @Override public void timedOut() { relay.timedOut(); }

  @Override public void tick(long now) { relay.probeClient(now); }

  @Override public void shutDown() { relay.shutDown(); }
}
