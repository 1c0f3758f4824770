package org.airouter.wire;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;

/** What a client sees on failure: {"error":{"message","type","param","code"}} with the matching HTTP status. */
public record OpenAiError(int status, String message, String type, String param, String code) {

  // ---- by family: the router's own refusals that have no factory of their own below ----

  /** A 400 the client can fix; {@code param} names the field at fault (null: the request as a whole). */
  public static OpenAiError invalidRequest(String message, String param, String code) {
    return new OpenAiError(400, message, "invalid_request_error", param, code);
  }

  /** Another 4xx the client can fix (405, 406, 415, …). */
  public static OpenAiError refused(int status, String message, String code) {
    return new OpenAiError(status, message, "invalid_request_error", null, code);
  }

  /** 401: no credentials, or ones that do not sign in. */
  public static OpenAiError unauthorized(String message, String code) {
    return new OpenAiError(401, message, "invalid_request_error", null, code);
  }

  /** 403: signed in, but this caller may not do this; {@code param} names the field asking for it, if one does. */
  public static OpenAiError permissionDenied(String message, String param) {
    return new OpenAiError(403, message, "invalid_request_error", param, "permission_denied");
  }

  public static OpenAiError notFound(String message) {
    return new OpenAiError(404, message, "invalid_request_error", null, "not_found");
  }

  /** 409: the request clashes with what is stored (a name taken, a stale version). */
  public static OpenAiError conflict(String message, String code) {
    return new OpenAiError(409, message, "invalid_request_error", null, code);
  }

  /** 429; {@code type} says which limit, as OpenAI's do: {@code requests}, {@code tokens}, {@code insufficient_quota}. */
  public static OpenAiError rateLimited(String message, String type, String code) {
    return new OpenAiError(429, message, type, null, code);
  }

  /** A 5xx: the router or its upstream failed, not the client. */
  public static OpenAiError serverError(int status, String message, String code) {
    return new OpenAiError(status, message, "server_error", null, code);
  }

  // ---- one refusal each ----

  public static OpenAiError invalidApiKey() {
    return new OpenAiError(401, "Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
  }

  public static OpenAiError keyDisabled() {
    return new OpenAiError(401, "This API key is disabled or has expired.", "invalid_request_error", null,
        "invalid_api_key");
  }

  public static OpenAiError modelNotAllowed(String model) {
    return new OpenAiError(403, "This API key may not use the model '" + model + "'.", "invalid_request_error",
        "model", "model_not_allowed");
  }

  /** A key's {@code allowedEndpoints} (or its default reach) leaves out this endpoint's group. */
  public static OpenAiError endpointNotAllowed(String method, String path, String group) {
    return new OpenAiError(403, "This API key may not use " + method + " " + path + " (endpoint group '" + group
        + "').", "invalid_request_error", null, "endpoint_not_allowed");
  }

  public static OpenAiError modelNotFound(String model) {
    return new OpenAiError(404, "The model '" + model + "' is not routed here.", "invalid_request_error", "model",
        "model_not_found");
  }

  public static OpenAiError modelMissing() {
    return new OpenAiError(400, "The request names no model and no default route is set.", "invalid_request_error",
        "model", "model_missing");
  }

  public static OpenAiError invalidJson(String why) {
    return new OpenAiError(400, "The request body is not valid JSON: " + why, "invalid_request_error", null,
        "invalid_json");
  }

  public static OpenAiError invalidModel() {
    return new OpenAiError(400, "The 'model' field must be a string.", "invalid_request_error", "model",
        "invalid_model");
  }

  public static OpenAiError bodyTooLarge(long limit) {
    return new OpenAiError(413, "The request body is larger than " + limit + " bytes.", "invalid_request_error",
        null, "request_too_large");
  }

  /** Valid input that parsers read differently (a field twice, or in another case): refused, never guessed. */
  public static OpenAiError ambiguousRequest(String why, String param) {
    return new OpenAiError(400, "The request is ambiguous: " + why + ".", "invalid_request_error", param,
        "ambiguous_field");
  }

  public static OpenAiError invalidMultipart(String why) {
    return new OpenAiError(400, "The multipart/form-data body is refused: " + why + ".", "invalid_request_error",
        null, "invalid_multipart");
  }

  public static OpenAiError bodyTimeout(long idleMs) {
    return new OpenAiError(408, "No request body bytes arrived for " + idleMs + " ms.", "invalid_request_error", null,
        "request_timeout");
  }

  /** All request bodies in flight hold the memory they may; sent with retry-after. */
  public static OpenAiError bodiesOverBudget() {
    return new OpenAiError(503, "The router is holding as many request bodies as it may; retry shortly.",
        "server_error", null, "server_busy");
  }

  public static OpenAiError methodNotAllowed(String method, String path) {
    return new OpenAiError(405, "Method " + method + " is not allowed on " + path + ".", "invalid_request_error",
        null, "method_not_allowed");
  }

  public static OpenAiError unknownPath(String path) {
    return new OpenAiError(404, "Unknown path " + path + ".", "invalid_request_error", null, "unknown_url");
  }

  /** A request path or query the router will not turn into an upstream address (see UpstreamPath). */
  public static OpenAiError invalidPath(String why) {
    return new OpenAiError(400, "Invalid request path: " + why, "invalid_request_error", null, "invalid_path");
  }

  public static OpenAiError upstreamUnavailable() {
    return new OpenAiError(502, "The upstream provider did not answer.", "server_error", null, "upstream_unavailable");
  }

  /** The router is stopping: new requests, and streams still open when the shutdown grace ends. */
  public static OpenAiError shuttingDown() {
    return new OpenAiError(503, "The router is shutting down; retry on another instance.", "server_error", null,
        "server_shutting_down");
  }

  public static OpenAiError upstreamTimeout() {
    return new OpenAiError(504, "The upstream provider did not answer in time.", "server_error", null,
        "upstream_timeout");
  }

  public static OpenAiError upstreamStreamBroken() {
    return new OpenAiError(502, "The upstream stream ended abnormally.", "server_error", null, "upstream_stream_error");
  }

  /**
   * The upstream refused the route's provider key (its 401 or 403). Not the client's fault, and not one a retry
   * mends: a 502 (the router's upstream failed it), sent with {@code x-should-retry: false}.
   */
  public static OpenAiError upstreamAuthFailed(String route, int upstreamStatus) {
    return new OpenAiError(502, "The upstream of route '" + route + "' refused the router's provider key (HTTP "
        + upstreamStatus + "). Your API key is fine; the router's operator must fix the route's key.",
        "server_error", null, "upstream_auth_failed");
  }

  /** A status some layer (the container, a library) chose without a body of ours. */
  public static OpenAiError forStatus(int status) {
    return switch (status) {
      case 400 -> new OpenAiError(400, "The request could not be understood.", "invalid_request_error", null, "bad_request");
      case 401 -> new OpenAiError(401, "This needs credentials.", "invalid_request_error", null, "unauthorized");
      case 403 -> new OpenAiError(403, "Not allowed.", "invalid_request_error", null, "permission_denied");
      case 413 -> new OpenAiError(413, "The request is too large.", "invalid_request_error", null, "request_too_large");
      case 429 -> new OpenAiError(429, "Too many requests.", "rate_limit_error", null, "rate_limit_exceeded");
      case 503 -> new OpenAiError(503, "The server cannot serve this right now.", "server_error", null, "unavailable");
      default -> status >= 400 && status < 500
          ? new OpenAiError(status, "The request was refused.", "invalid_request_error", null, "http_" + status)
          : new OpenAiError(status, "The server could not handle this request.", "server_error", null, "internal_error");
    };
  }

  public static OpenAiError internal(String requestId) {
    return new OpenAiError(500, "The router failed on this request (request id " + requestId + ").", "server_error",
        null, "internal_error");
  }

  public JsonObject toJson() {
    return JsonIo.PROVIDER.createObjectBuilder()
        .add("error", JsonIo.PROVIDER.createObjectBuilder()
            .add("message", message)
            .add("type", type)
            .add("param", nullable(param))
            .add("code", nullable(code)))
        .build();
  }

  public byte[] toBytes() { return toJson().toString().getBytes(StandardCharsets.UTF_8); }

  /** The last frame of a stream that failed after its first byte; the OpenAI SDKs raise on it. */
  public byte[] toSseFrame() { return Sse.frame(toJson().toString()); }

  private static JsonValue nullable(String s) { return s == null ? JsonValue.NULL : JsonIo.PROVIDER.createValue(s); }
}
