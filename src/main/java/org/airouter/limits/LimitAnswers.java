package org.airouter.limits;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.time.Instant;
import java.util.Locale;
import org.airouter.wire.OpenAiError;
import java.time.temporal.ChronoField;

/**
 * What a client of a limited key sees: OpenAI's rate-limit headers on every answer ({@code x-ratelimit-limit-requests},
 * {@code -remaining-requests}, {@code -reset-requests} and the {@code -tokens} trio; on /v1/messages Anthropic's
 * {@code anthropic-ratelimit-*} instead), and the refusals: 429 {@code rate_limit_exceeded} with a whole-second
 * {@code retry-after}, 429 {@code insufficient_quota} with {@code x-should-retry: false} for a spent budget.
 */
public final class LimitAnswers {
  private LimitAnswers() {}

  /**
   * Sets the headers of this admission on the response (before anything is written). For a refused admission, the
   * caller then writes {@link #error}.
   */
  public static void headers(HttpServletResponse response, Admission a, boolean anthropic) {
    if (a.requests() != null) window(response, a.requests(), "requests", anthropic);
    if (a.tokens() != null) window(response, a.tokens(), "tokens", anthropic);
    if (a.admitted()) return;
    if (a.refusal() == Limiter.Reason.BUDGET) {
      response.setHeader("x-should-retry", "false");   // the SDKs would otherwise retry twice, to the same answer
    } else {
      response.setHeader("retry-after", Long.toString(Math.max(1, a.retryAfterSeconds())));
    }
  }

  /** The refusal in OpenAI's shape; the proxy renders it in Anthropic's on /v1/messages ({@code rate_limit_error}). */
  public static OpenAiError error(Admission a) {
    return switch (a.refusal()) {
      case BUDGET -> OpenAiError.rateLimited(a.message() + " Ask the operator to raise the budget.",
          "insufficient_quota", "insufficient_quota");
      case STORE -> OpenAiError.serverError(503, a.message(), "limits_unavailable");
      case TPM -> OpenAiError.rateLimited(a.message() + " Please try again in " + a.retryAfterSeconds() + "s.",
          "tokens", "rate_limit_exceeded");
      default -> OpenAiError.rateLimited(
          a.message() + " Please try again in " + Math.max(1, a.retryAfterSeconds()) + "s.", "requests",
          "rate_limit_exceeded");
    };
  }

  /**
   * The response the answer is relayed through: for a limited key, the upstream's own rate-limit headers (its
   * account's, not this key's) do not replace ours. Unlimited keys get the response itself.
   */
  public static HttpServletResponse guard(HttpServletResponse response, Admission a) {
    if (a.requests() == null && a.tokens() == null) return response;
    return new HttpServletResponseWrapper(response) {
      @Override public void setHeader(String name, String value) {
        if (!ours(name)) super.setHeader(name, value);
      }

      @Override public void addHeader(String name, String value) {
        if (!ours(name)) super.addHeader(name, value);
      }
    };
  }

  static boolean ours(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.startsWith("x-ratelimit-") || n.startsWith("anthropic-ratelimit-");
  }

  private static void window(HttpServletResponse response, Admission.Window w, String kind, boolean anthropic) {
    if (anthropic) {
      String prefix = "anthropic-ratelimit-" + kind + "-";
      response.setHeader(prefix + "limit", Long.toString(w.limit()));
      response.setHeader(prefix + "remaining", Long.toString(w.remaining()));
      // Anthropic gives the instant the window refills, in RFC 3339
      response.setHeader(prefix + "reset", Instant.now().plusSeconds(w.resetSeconds()).with(
          ChronoField.NANO_OF_SECOND, 0).toString());
    } else {
      response.setHeader("x-ratelimit-limit-" + kind, Long.toString(w.limit()));
      response.setHeader("x-ratelimit-remaining-" + kind, Long.toString(w.remaining()));
      response.setHeader("x-ratelimit-reset-" + kind, w.resetSeconds() + "s");
    }
  }
}
