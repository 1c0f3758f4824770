package org.airouter.failover;

/**
 * An error event inside a stream, with the HTTP status it stands for, so an error before the first content is
 * retried (or not) by the same rules as a status: Anthropic's {@code overloaded_error} is a 529, OpenAI's
 * {@code rate_limit_exceeded} a 429, and so on. An error the router does not recognise counts as a 500.
 */
public record ErrorFrame(int status, String type, String message) {
  /** Status for an error's {@code code} (checked first, it is the more specific) and {@code type}. */
  public static int statusFor(String code, String type) {
    int byCode = status(code);
    return byCode != 0 ? byCode : status(type) != 0 ? status(type) : 500;
  }

  private static int status(String name) {
    if (name == null) return 0;
    return switch (name) {
      case "overloaded_error" -> 529;
      case "overloaded", "service_unavailable", "server_overloaded" -> 503;
      case "rate_limit_error", "rate_limit_exceeded", "insufficient_quota", "tokens", "requests" -> 429;
      case "timeout_error", "upstream_timeout", "timeout" -> 504;
      case "api_error", "server_error", "internal_error", "upstream_error" -> 500;
      case "authentication_error", "invalid_api_key" -> 401;
      case "permission_error", "permission_denied" -> 403;
      case "not_found_error", "not_found", "model_not_found" -> 404;
      case "request_too_large" -> 413;
      case "billing_error" -> 402;
      case "invalid_request_error", "invalid_prompt", "context_length_exceeded", "invalid_value" -> 400;
      default -> 0;
    };
  }
}
