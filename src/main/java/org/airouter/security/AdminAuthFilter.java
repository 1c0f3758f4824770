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
import java.util.Base64;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.KeyCheck;
import org.airouter.wire.OpenAiError;

/**
 * Every admin API call, the OpenAPI document included, needs an admin token (Bearer) or the admin password (Basic,
 * user {@value #USER}). Nothing is anonymous: the filter denies unless a check passes. Failures are OpenAI-shaped.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminAuthFilter implements ContainerRequestFilter {
  public static final String USER = "admin";

  @Inject AdminTokens tokens;
  @Inject AdminPasswords passwords;
  @Inject ClientKeyService clientKeys;

  @Override public void filter(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    OpenAiError refusal = refusal(header);
    if (refusal != null) {
      request.abortWith(Response.status(refusal.status()).type(MediaType.APPLICATION_JSON_TYPE)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ai-router admin\"")
          .entity(refusal.toJson().toString()).build());
    }
  }

  /** Null when the caller may proceed. */
  OpenAiError refusal(String header) {
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
            return new OpenAiError(403, "A client key cannot use the admin API; use an admin token.",
                "invalid_request_error", null, "permission_denied");
          }
          return unauthorized("Incorrect admin token provided.", "invalid_api_key");
      }
    }
    if (scheme.equalsIgnoreCase("Basic")) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return unauthorized("Malformed Basic credentials.", "invalid_api_key");
      }
      int colon = decoded.indexOf(':');
      if (colon > 0 && decoded.substring(0, colon).equals(USER) && passwords.matches(decoded.substring(colon + 1))) {
        return null;
      }
      return unauthorized("Incorrect admin user or password.", "invalid_api_key");
    }
    return unauthorized("Unsupported authorization scheme; use Bearer or Basic.", "invalid_api_key");
  }

  private static OpenAiError unauthorized(String message, String code) {
    return new OpenAiError(401, message, "invalid_request_error", null, code);
  }
}
