package org.airouter.proxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
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
import org.airouter.provider.Provider;
import org.airouter.provider.Providers;
import org.airouter.routing.RouteTarget;
import org.airouter.usage.Tokens;
import org.airouter.usage.UsageRecord;
import org.airouter.wire.OpenAiError;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;

/**
 * One proxied request, from its first body byte to its last answer byte. The body is read without blocking; once it
 * is in, the model picks a route, the upstream call goes out, and a {@link ResponseRelay} streams the answer back.
 */
final class ProxyExchange implements ReadListener, ResponseRelay.Exchange, Watchdog.Watched {
  private static final Logger LOG = Logger.getLogger(ProxyExchange.class.getName());
  private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

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
  private ServletInputStream in;
  private boolean rejected;

  private RouteTarget route;
  private String requestedModel;
  private String upstreamModel;
  private ResponseRelay relay;
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
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    // curl -d sends JSON as form data unless told otherwise; treat untyped or form bodies as JSON candidates too.
    this.jsonish = type.isEmpty() || type.startsWith("application/json") || type.contains("+json")
        || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("text/plain");
    ProxySettings limits = proxy.settings();
    this.body = new RequestBody(request.getContentLengthLong(),
        jsonish ? (int) Math.min(Integer.MAX_VALUE - 8, limits.maxBodyBytes()) : limits.bodyMemoryBytes());
  }

  void start() throws IOException {
    in = request.getInputStream();
    in.setReadListener(this);
  }

  // ---- reading the body (container threads) ----

  @Override public void onDataAvailable() throws IOException {
    if (rejected) return;
    byte[] buffer = READ_BUFFER.get();
    while (in.isReady() && !in.isFinished()) {
      int n = in.read(buffer);
      if (n < 0) break;
      if (body.size() + n > proxy.settings().maxBodyBytes()) {
        rejected = true;
        response.setHeader("Connection", "close");   // do not read the rest of an oversized upload
        fail(OpenAiError.bodyTooLarge(proxy.settings().maxBodyBytes()));
        return;
      }
      try {
        body.append(buffer, n);
      } catch (IOException | RuntimeException e) {   // the spool file, not the client
        LOG.log(Level.SEVERE, "Request " + requestId + ": the body could not be buffered", e);
        rejected = true;
        fail(OpenAiError.internal(requestId));
        return;
      }
    }
  }

  @Override public void onAllDataRead() throws IOException {
    if (rejected) return;
    try {
      forward();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "Request " + requestId + " failed in the router", e);
      if (relay == null) fail(OpenAiError.internal(requestId));
    }
  }

  @Override public void onError(Throwable t) {
    // The client went away while uploading.
    body.close();
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
    if (jsonish && body.size() > 0) {
      try {
        found = JsonModel.find(body.array(), body.arrayLength());
      } catch (JsonModel.Malformed e) {
        fail(OpenAiError.invalidJson(e.getMessage()));
        return;
      }
      if (found.kind() == JsonModel.Kind.NOT_A_STRING) {
        fail(OpenAiError.invalidModel());
        return;
      }
      model = found.model();
    } else if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      String boundary = MultipartModel.boundary(contentType);
      if (boundary != null) model = MultipartModel.find(body.open(), boundary);
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
    URI uri = provider.target(route.upstream(), path, request.getQueryString(), upstreamModel);
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

    relay = new ResponseRelay(async, response, this, askForUsage);
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
      ErrorResponses.write(response, error);
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
    proxy.usage().record(new UsageRecord(startedAtWall, key.id(), route == null ? 0 : route.routeId(),
        requestedModel, upstreamModel, path, status, errorCode,
        firstByteAt == 0 ? 0 : millis(firstByteAt - startedAt), millis(now - startedAt), counted, clientGone,
        streamCut, requestId));
  }

  private static int millis(long nanos) { return (int) Math.min(Integer.MAX_VALUE, nanos / 1_000_000); }

  // ---- what the relay and the watchdog see ----

  @Override public String requestId() { return requestId; }

  @Override public String providerKey() { return route.upstream().apiKey(); }

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
}
