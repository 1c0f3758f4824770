package org.airouter.proxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/** Cross-origin access for browser clients: origins from settings ({@code *} by default, as the Worker had it). */
final class Cors {
  private final List<String> origins;
  private final boolean any;

  Cors(List<String> origins) {
    this.origins = origins;
    this.any = origins.contains("*");
  }

  /** Adds the allow headers when the request comes from an allowed origin. */
  void apply(HttpServletRequest request, HttpServletResponse response) {
    String origin = request.getHeader("Origin");
    if (origin == null) return;
    if (any) {
      response.setHeader("Access-Control-Allow-Origin", "*");
    } else if (origins.contains(origin)) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.addHeader("Vary", "Origin");
    } else {
      return;
    }
    response.setHeader("Access-Control-Expose-Headers", "x-request-id, x-upstream-request-id, x-should-retry, "
        + "retry-after, openai-processing-ms, openai-version, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, "
        + "x-ratelimit-reset-requests");
  }

  /** Answers a preflight: no key needed, nothing forwarded. */
  void preflight(HttpServletRequest request, HttpServletResponse response) {
    apply(request, response);
    if (response.getHeader("Access-Control-Allow-Origin") != null) {
      response.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
      String asked = request.getHeader("Access-Control-Request-Headers");
      response.setHeader("Access-Control-Allow-Headers", asked != null ? asked
          : "authorization, content-type, api-key, x-api-key, openai-organization, openai-project");
      response.setHeader("Access-Control-Max-Age", "86400");
    }
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }
}
