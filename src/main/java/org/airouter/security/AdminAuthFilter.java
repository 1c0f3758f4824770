package org.airouter.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.logging.Logger;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.KeyCheck;
import org.airouter.wire.OpenAiError;

/**
 * Every admin API call, the OpenAPI document included, needs an admin token (Bearer) or the admin password (Basic,
 * user {@value #USER}). Nothing is anonymous: the filter denies unless a check passes. Failures are OpenAI-shaped.
 * Password guesses are slowed per client address by the same {@link LoginThrottle} as the console's sign-in: a
 * locked-out address gets 429 with {@code retry-after} before its password is hashed, so guessing costs no CPU.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminAuthFilter implements ContainerRequestFilter {
  public static final String USER = "admin";
  /** Request attribute with the client's address, set by the console's AccessFilter for every admin API call. */
  public static final String CLIENT_ADDRESS = "org.airouter.security.client-address";
  private static final Logger LOG = Logger.getLogger(AdminAuthFilter.class.getName());

  @Inject AdminTokens tokens;
  @Inject AdminPasswords passwords;
  @Inject ClientKeyService clientKeys;
  @Inject LoginThrottle throttle;

  @Override public void filter(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    // Not @Context HttpServletRequest: Jersey cannot proxy it into this CDI bean. Without the attribute (a request
    // that came past the servlet filter somehow) all such callers share one throttle: closed, not open.
    Object address = request.getProperty(CLIENT_ADDRESS);
    Refusal refusal = refusal(header, address instanceof String a ? a : "unknown");
    if (refusal != null) {
      Response.ResponseBuilder answer = Response.status(refusal.error().status()).type(MediaType.APPLICATION_JSON_TYPE)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ai-router admin\"")
          .entity(refusal.error().toJson().toString());
      if (refusal.retryAfterSeconds() > 0) answer.header(HttpHeaders.RETRY_AFTER, refusal.retryAfterSeconds());
      request.abortWith(answer.build());
    }
  }

  /** Why a call is refused, and for a throttled one when to come back (whole seconds, as the SDKs read it). */
  record Refusal(OpenAiError error, long retryAfterSeconds) {
    Refusal(OpenAiError error) { this(error, 0); }
  }

  /** Null when the caller may proceed. */
  Refusal refusal(String header, String address) {
    if (header == null || header.isBlank()) {
      return unauthorized("The admin API needs an admin token (Authorization: Bearer …) or the admin password (HTTP Basic).",
          "missing_credentials");
    }
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    String value = space < 0 ? "" : trimmed.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Bearer")) {
      switch (tokens.check(value)) {
        case VALID: return null;
        case REVOKED: return unauthorized("This admin token has been revoked.", "token_revoked");
        default:
          if (clientKeys.check(value) instanceof KeyCheck.Valid) {
            return new Refusal(new OpenAiError(403, "A client key cannot use the admin API; use an admin token.",
                "invalid_request_error", null, "permission_denied"));
          }
          return unauthorized("Incorrect admin token provided.", "invalid_api_key");
      }
    }
    if (scheme.equalsIgnoreCase("Basic")) {
      Duration wait = throttle.wait(address);
      if (!wait.isZero()) return throttled(wait);
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return unauthorized("Malformed Basic credentials.", "invalid_api_key");
      }
      int colon = decoded.indexOf(':');
      if (colon > 0 && decoded.substring(0, colon).equals(USER) && passwords.matches(decoded.substring(colon + 1))) {
        throttle.succeeded(address);
        return null;
      }
      Duration lockout = throttle.failed(address);
      LOG.warning("Admin API password refused for " + address + (lockout.isZero() ? "" : "; locked for "
          + seconds(lockout) + " s"));
      return unauthorized("Incorrect admin user or password.", "invalid_api_key");
    }
    return unauthorized("Unsupported authorization scheme; use Bearer or Basic.", "invalid_api_key");
  }

  private static Refusal unauthorized(String message, String code) {
    return new Refusal(new OpenAiError(401, message, "invalid_request_error", null, code));
  }

  private static Refusal throttled(Duration wait) {
    long seconds = seconds(wait);
    return new Refusal(new OpenAiError(429, "Too many failed password attempts from this address; try again in "
        + seconds + " s.", "rate_limit_error", null, "too_many_attempts"), seconds);
  }

  private static long seconds(Duration d) { return Math.max(1, (d.toMillis() + 999) / 1000); }
}
