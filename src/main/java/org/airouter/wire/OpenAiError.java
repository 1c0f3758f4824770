package org.airouter.wire;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;

/** What a client sees on failure: {"error":{"message","type","param","code"}} with the matching HTTP status. */
public record OpenAiError(int status, String message, String type, String param, String code) {

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
