package org.airouter.proxy;

import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.capture.Capture;
import org.airouter.keys.ActiveKey;
import org.airouter.keys.EndpointGroup;
import org.airouter.keys.KeyCheck;
import org.airouter.observability.Observed;
import org.airouter.provider.InvalidTarget;
import org.airouter.provider.UpstreamPath;
import org.airouter.wire.OpenAiError;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAI-compatible surface, {@code /v1/*}. Checks what it can before the body arrives (path, method, key,
 * declared size), then hands the request to a {@link ProxyExchange} and returns the container thread.
 */
@WebServlet(urlPatterns = "/v1/*", asyncSupported = true, loadOnStartup = 1)
public class ProxyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ProxyServlet.class.getName());

  @Inject transient Proxy proxy;

  /**
   * The container stops the servlet before the application: where no earlier sign came (WildFly, Payara), the moment
   * to let open streams finish. On Tomcat the drain ran already (app.TomcatContextStop): by now Tomcat would have cut
   * the open asynchronous requests.
   */
  @Override public void destroy() {
    if (proxy != null) proxy.drain();
  }

  @Override protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String requestId = RequestIds.next();
    Observed observed = proxy.observability().start(request, requestId);
    try {
      handle(request, response, requestId, observed);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "Request " + requestId + " failed in the router", e);
      if (!response.isCommitted() && !request.isAsyncStarted()) {
        response.resetBuffer();
        reject(observed, response, OpenAiError.internal(requestId), false, null, null);
      }
    }
  }

  private void handle(HttpServletRequest request, HttpServletResponse response, String requestId, Observed observed)
      throws IOException {
    response.setHeader("x-request-id", requestId);
    proxy.cors().apply(request, response);
    String method = request.getMethod();
    if ("OPTIONS".equals(method) && request.getHeader("Access-Control-Request-Method") != null) {
      proxy.cors().preflight(request, response);
      return;
    }
    if (proxy.draining()) {
      response.setHeader("Retry-After", "1");
      reject(observed, response, OpenAiError.shuttingDown(), false, null, null);
      return;
    }
    String path;
    try {
      path = v1Path(request);
    } catch (InvalidTarget refused) {
      reject(observed, response, refused.error(), false, null, null);
      return;
    }
    if (path == null) {
      reject(observed, response, OpenAiError.unknownPath(request.getRequestURI()), false, null, null);
      return;
    }
    Endpoint endpoint = Endpoint.of(path);
    if (!endpoint.allows(method)) {
      response.setHeader("Allow", endpoint.method());
      reject(observed, response, OpenAiError.methodNotAllowed(method, "/v1" + path), endpoint.anthropic(), path, null);
      return;
    }
    KeyCheck check = proxy.keys().check(presentedKey(request));
    if (!(check instanceof KeyCheck.Valid valid)) {
      reject(observed, response, check instanceof KeyCheck.Inactive ? OpenAiError.keyDisabled()
          : OpenAiError.invalidApiKey(), endpoint.anthropic(), path, null);
      return;
    }
    ActiveKey key = valid.key();
    EndpointGroup group = endpoint.group(path);
    if (!key.mayReach(group)) {
      rejectKeyed(observed, response, OpenAiError.endpointNotAllowed(method, "/v1" + path, group.id()),
          endpoint.anthropic(), path, key, requestId);
      return;
    }
    if (endpoint == Endpoint.MODELS || endpoint == Endpoint.MODEL) {
      listModels(proxy, request, key, endpoint == Endpoint.MODEL ? path.substring("/models/".length()) : null);
      return;
    }
    if (request.getContentLengthLong() > proxy.settings().maxBodyBytes()) {
      response.setHeader("Connection", "close");
      rejectKeyed(observed, response, OpenAiError.bodyTooLarge(proxy.settings().maxBodyBytes()), endpoint.anthropic(),
          path, key, requestId);
      return;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(0);   // the upstream call carries the timeouts (Watchdog)
    new ProxyExchange(proxy, async, key, requestId, path, observed).start();
  }

  /** A request answered here, before any exchange: its error, then its access line and span. */
  private static void reject(Observed observed, HttpServletResponse response, OpenAiError error, boolean anthropic,
                             String path, ActiveKey key) throws IOException {
    ErrorResponses.write(response, error, anthropic);
    observed.rejected(error.status(), error.code(), path, key);
  }

  /** As {@link #reject}, for a valid key's request: captured when capture is on for the key (its body is not read). */
  private void rejectKeyed(Observed observed, HttpServletResponse response, OpenAiError error, boolean anthropic,
                           String path, ActiveKey key, String requestId) throws IOException {
    Capture capture = proxy.captures().start(requestId, null, key.name(), path);
    byte[] body = ErrorResponses.write(response, error, anthropic);
    observed.rejected(error.status(), error.code(), path, key);
    if (capture == null) return;
    capture.requestUnread(0);
    capture.answer(body);
    proxy.captures().finish(capture, null, false, error.status(), error.code(), List.of());
  }

  /**
   * The path below /v1 in {@link UpstreamPath}'s canonical form, or null for /v1 itself. Read from the raw request
   * URI, not {@code getPathInfo()}: the container has decoded and normalised that one ("%3F" is a '?' there,
   * "x/%2e%2e/" is gone), so routing on it and sending it on would let the upstream read another path than the one
   * the router checked. What the container dispatched must still be the same path, or the two readings differ.
   *
   * @throws InvalidTarget when the path breaks a rule of {@link UpstreamPath} (400 {@code invalid_path})
   */
  static String v1Path(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    if (!uri.startsWith(context)) throw new InvalidTarget(OpenAiError.invalidPath("it is not in canonical form."));
    String path = UpstreamPath.fromRaw(uri.substring(context.length()));
    String info = request.getPathInfo();
    String servlet = request.getServletPath();
    if (!path.startsWith(servlet) || !path.substring(servlet.length()).equals(info == null ? "" : info)) {
      throw new InvalidTarget(OpenAiError.invalidPath("it is not in canonical form."));
    }
    return info;
  }

  /** Bearer for OpenAI SDKs, api-key for Azure's, x-api-key for Anthropic's. */
  static String presentedKey(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    String key = request.getHeader("api-key");
    return key != null ? key.trim() : trimmed(request.getHeader("x-api-key"));
  }

  private static String trimmed(String s) { return s == null ? null : s.trim(); }

  private static void listModels(Proxy proxy, HttpServletRequest request, ActiveKey key, String oneId) {
    AsyncContext async = request.startAsync();
    async.setTimeout(30_000);
    proxy.models().visibleTo(key, proxy.router().table()).whenComplete((models, failure) -> async.start(() -> {
      HttpServletResponse response = (HttpServletResponse) async.getResponse();
      try {
        List<JsonObject> list = failure == null ? models : List.of();
        if (oneId == null) {
          write(response, 200, ModelList.listBody(list).toString());
        } else {
          var hit = list.stream().filter(m -> m.getString("id").equals(oneId)).findFirst();
          if (hit.isPresent()) write(response, 200, hit.get().toString());
          else ErrorResponses.write(response, OpenAiError.modelNotFound(oneId));
        }
      } catch (IOException clientGone) {
        // nothing to tell a client that left
      } finally {
        async.complete();
      }
    }));
  }

  private static void write(HttpServletResponse response, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
