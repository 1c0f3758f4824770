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

  public static OpenAiError methodNotAllowed(String method, String path) {
    return new OpenAiError(405, "Method " + method + " is not allowed on " + path + ".", "invalid_request_error",
        null, "method_not_allowed");
  }

  public static OpenAiError unknownPath(String path) {
    return new OpenAiError(404, "Unknown path " + path + ".", "invalid_request_error", null, "unknown_url");
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
