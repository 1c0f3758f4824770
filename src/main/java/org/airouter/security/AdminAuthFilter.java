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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.logging.Logger;
import org.airouter.audit.AuditLog;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.KeyCheck;
import org.airouter.wire.JsonIo;
import org.airouter.wire.OpenAiError;

/**
 * Every admin API call, the OpenAPI document included, needs an admin token (Bearer), the admin password (Basic,
 * user {@value #USER}) or a named user's password (Basic). The caller and its role become the request's
 * {@link SecurityContext}, which {@link RoleFeature} checks against each method's {@link Allowed} role. Nothing is anonymous: the filter denies unless a check passes. Failures are OpenAI-shaped.
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
  @Inject ConsoleUsers users;
  @Inject AuditLog audit;

  @Override public void filter(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    // Not @Context HttpServletRequest: Jersey cannot proxy it into this CDI bean. Without the attribute (a request
    // that came past the servlet filter somehow) all such callers share one throttle: closed, not open.
    Object address = request.getProperty(CLIENT_ADDRESS);
    Verdict verdict = verdict(header, address instanceof String a ? a : "unknown");
    Refusal refusal = verdict.refusal();
    if (refusal == null) {
      boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
      request.setSecurityContext(new CallerContext(verdict.caller(), secure));
    } else {
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

  /** Either who the caller is or why it is refused. */
  record Verdict(Caller caller, Refusal refusal) {
    static Verdict of(Refusal refusal) { return new Verdict(null, refusal); }
  }

  /** Null when the caller may proceed. */
  Refusal refusal(String header, String address) { return verdict(header, address).refusal(); }

  Verdict verdict(String header, String address) {
    if (header == null || header.isBlank()) {
      return Verdict.of(unauthorized("The admin API needs an admin token (Authorization: Bearer …) or the admin password (HTTP Basic).",
          "missing_credentials"));
    }
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    String value = space < 0 ? "" : trimmed.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Bearer")) {
      AdminTokens.Presented presented = tokens.present(value);
      switch (presented.check()) {
        case VALID: return new Verdict(new Caller("token:" + presented.token().name(), presented.token().role()), null);
        case REVOKED:
          failed("token:" + presented.token().name(), address, "revoked admin token");
          return Verdict.of(unauthorized("This admin token has been revoked.", "token_revoked"));
        default:
          if (clientKeys.check(value) instanceof KeyCheck.Valid) {
            return Verdict.of(new Refusal(OpenAiError.permissionDenied(
                "A client key cannot use the admin API; use an admin token.", null)));
          }
          failed("unknown", address, "unknown bearer token");
          return Verdict.of(unauthorized("Incorrect admin token provided.", "invalid_api_key"));
      }
    }
    if (scheme.equalsIgnoreCase("Basic")) {
      Duration wait = throttle.wait(address);
      if (!wait.isZero()) return Verdict.of(throttled(wait));
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Verdict.of(unauthorized("Malformed Basic credentials.", "invalid_api_key"));
      }
      int colon = decoded.indexOf(':');
      Caller caller = colon > 0 ? signIn(decoded.substring(0, colon), decoded.substring(colon + 1)) : null;
      if (caller != null) {
        throttle.succeeded(address);
        return new Verdict(caller, null);
      }
      Duration lockout = throttle.failed(address);
      failed(colon > 0 ? decoded.substring(0, colon) : "unknown", address, "wrong user or password");
      LOG.warning("Admin API password refused for " + address + (lockout.isZero() ? "" : "; locked for "
          + seconds(lockout) + " s"));
      return Verdict.of(unauthorized("Incorrect admin user or password.", "invalid_api_key"));
    }
    return Verdict.of(unauthorized("Unsupported authorization scheme; use Bearer or Basic.", "invalid_api_key"));
  }

  /** A failed sign-in, for the audit log: who it claimed to be and how, never what it presented. */
  private void failed(String claimed, String address, String reason) {
    if (audit == null) return;   // unit tests without a database
    audit.record(claimed.length() > 100 ? claimed.substring(0, 100) : claimed, address, "signin.failed", "admin-api",
        null, JsonIo.PROVIDER.createObjectBuilder().add("reason", reason).build());
  }

  /** The bootstrap admin by its password, or a named user by theirs; null when neither matches. */
  private Caller signIn(String user, String password) {
    if (user.equals(USER)) return passwords.matches(password) ? new Caller(USER, Role.ADMIN) : null;
    if (users == null) return null;   // unit tests without a database
    return users.authenticate(user, password).map(u -> new Caller("user:" + u.name(), u.role())).orElse(null);
  }

  /** The caller as JAX-RS sees it; roles are the {@link Role} ids. */
  record CallerContext(Caller caller, boolean secure) implements SecurityContext {
    @Override public Caller getUserPrincipal() { return caller; }
    @Override public boolean isUserInRole(String role) { return Role.of(role).map(caller.role()::allows).orElse(false); }
    @Override public boolean isSecure() { return secure; }
    @Override public String getAuthenticationScheme() { return caller.name().startsWith("token:") ? "Bearer" : BASIC_AUTH; }
  }

  private static Refusal unauthorized(String message, String code) {
    return new Refusal(OpenAiError.unauthorized(message, code));
  }

  private static Refusal throttled(Duration wait) {
    long seconds = seconds(wait);
    return new Refusal(OpenAiError.rateLimited("Too many failed password attempts from this address; try again in "
        + seconds + " s.", "rate_limit_error", "too_many_attempts"), seconds);
  }

  private static long seconds(Duration d) { return Math.max(1, (d.toMillis() + 999) / 1000); }
}
