package org.airouter.provider.anthropic;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.airouter.wire.OpenAiError;

/**
 * Anthropic errors ({@code {"type":"error","error":{"type","message"}}}) → OpenAI errors, by Anthropic's error type:
 * the status and type an OpenAI SDK would raise on for the same trouble. 529 {@code overloaded_error} becomes 503
 * (the proxy adds a {@code retry-after}), since OpenAI clients retry 503 but know nothing of 529.
 */
final class AnthropicErrors {
  private AnthropicErrors() {}

  static OpenAiError toOpenAi(int status, String body) {
    JsonObject error = errorObject(body);
    String type = error == null ? typeForStatus(status) : error.getString("type", typeForStatus(status));
    String message = error != null && error.get("message") instanceof JsonString m ? m.getString()
        : "Upstream returned HTTP " + status + ".";
    return map(type, message, status);
  }

  /** The {@code error} event of a stream. */
  static OpenAiError fromEvent(String data) {
    return toOpenAi(500, data);
  }

  /** One of the router's own errors as Anthropic writes errors, for Anthropic SDK clients of /v1/messages. */
  public static JsonObject fromOpenAi(OpenAiError error) {
    String type = switch (error.status()) {
      case 400, 405, 409, 415, 422 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      case 504 -> "timeout_error";
      default -> error.status() >= 500 ? "api_error" : "invalid_request_error";
    };
    return JsonIo.PROVIDER.createObjectBuilder().add("type", "error")
        .add("error", JsonIo.PROVIDER.createObjectBuilder().add("type", type).add("message", error.message())).build();
  }

  private static OpenAiError map(String type, String message, int status) {
    return switch (type) {
      case "invalid_request_error" -> new OpenAiError(status >= 400 && status < 500 ? status : 400, message,
          "invalid_request_error", null, null);
      case "authentication_error" -> new OpenAiError(401, message, "authentication_error", null, "invalid_api_key");
      case "permission_error" -> new OpenAiError(403, message, "permission_error", null, "permission_denied");
      case "not_found_error" -> new OpenAiError(404, message, "invalid_request_error", null, "not_found");
      case "request_too_large" -> new OpenAiError(413, message, "invalid_request_error", null, "request_too_large");
      case "rate_limit_error" -> new OpenAiError(429, message, "rate_limit_error", null, "rate_limit_exceeded");
      case "billing_error" -> new OpenAiError(402, message, "insufficient_quota", null, "insufficient_quota");
      case "timeout_error" -> new OpenAiError(504, message, "server_error", null, "upstream_timeout");
      case "overloaded_error" -> new OpenAiError(503, message, "server_error", null, "overloaded");
      case "api_error" -> new OpenAiError(500, message, "server_error", null, "upstream_error");
      default -> new OpenAiError(status >= 400 ? status : 500, message,
          status >= 500 || status < 400 ? "server_error" : "invalid_request_error", null, "upstream_error");
    };
  }

  private static String typeForStatus(int status) {
    return switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  private static JsonObject errorObject(String body) {
    // not JSON: a proxy's HTML page, say
    return JsonIo.readObject(body).map(o -> o.get("error") instanceof JsonObject e ? e : null).orElse(null);
  }
}
