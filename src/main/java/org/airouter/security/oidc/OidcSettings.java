package org.airouter.security.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.airouter.config.Settings;

/**
 * The console's single sign-on settings ({@code airouter.oidc.*}). Off unless an issuer is set; with one, the client
 * id, the secret and a role map are required and a mistake stops the start with the setting's name. The secret is kept
 * here only to authenticate the code exchange: {@link #toString()} leaves it out, so it never reaches a log.
 */
public record OidcSettings(URI issuer, String clientId, String clientSecret, String scopes, ClaimRoles roles,
    String providerName, Optional<URI> redirectUri, boolean passwordSignIn, int timeoutMs, Optional<String> teamClaim) {

  public static final String ISSUER = "airouter.oidc.issuer";
  public static final String CLIENT_ID = "airouter.oidc.client-id";
  public static final String CLIENT_SECRET = "airouter.oidc.client-secret";
  public static final String SCOPES = "airouter.oidc.scopes";
  public static final String ROLES_CLAIM = "airouter.oidc.roles-claim";
  public static final String ROLE_MAP = "airouter.oidc.role-map";
  public static final String PROVIDER_NAME = "airouter.oidc.provider-name";
  public static final String REDIRECT_URI = "airouter.oidc.redirect-uri";
  public static final String PASSWORD_SIGN_IN = "airouter.oidc.password-sign-in";
  public static final String TIMEOUT_MS = "airouter.oidc.timeout-ms";
  public static final String TEAM_CLAIM = "airouter.oidc.team-claim";

  /** Empty when no issuer is set (single sign-on off). */
  public static Optional<OidcSettings> from(Settings settings) {
    Optional<String> issuer = settings.get(ISSUER);
    if (issuer.isEmpty()) {
      if (!bool(settings, PASSWORD_SIGN_IN, true)) {
        throw new IllegalArgumentException("Setting " + PASSWORD_SIGN_IN + "=false needs " + ISSUER
            + ": without single sign-on nobody could sign in to the console");
      }
      return Optional.empty();
    }
    URI issuerUri = absolute(ISSUER, issuer.get());
    String scopes = settings.get(SCOPES, "openid profile email");
    if (!(" " + scopes + " ").contains(" openid ")) {
      throw new IllegalArgumentException("Setting " + SCOPES + " must include 'openid', got '" + scopes + "'");
    }
    return Optional.of(new OidcSettings(issuerUri, required(settings, CLIENT_ID), required(settings, CLIENT_SECRET),
        scopes, ClaimRoles.parse(settings.get(ROLES_CLAIM, "groups"), required(settings, ROLE_MAP)),
        settings.get(PROVIDER_NAME, issuerUri.getHost()),
        settings.get(REDIRECT_URI).map(v -> absolute(REDIRECT_URI, v)), bool(settings, PASSWORD_SIGN_IN, true),
        settings.getInt(TIMEOUT_MS, 5000), settings.get(TEAM_CLAIM)));
  }

  /** Whether the console offers password sign-in when single sign-on is off (always) or on (this setting). */
  public static boolean passwordSignIn(Optional<OidcSettings> oidc) {
    return oidc.map(OidcSettings::passwordSignIn).orElse(true);
  }

  @Override public String toString() {
    return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", scopes=" + scopes + ", rolesClaim="
        + roles.claim() + ", redirectUri=" + redirectUri.map(URI::toString).orElse("from the request")
        + ", passwordSignIn=" + passwordSignIn + ", teamClaim=" + teamClaim.orElse("none") + "]";
  }

  private static String required(Settings settings, String name) {
    return settings.get(name).orElseThrow(() -> new IllegalArgumentException("Setting " + name + " is required when "
        + ISSUER + " is set"));
  }

  private static URI absolute(String name, String value) {
    try {
      URI uri = new URI(value);
      if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("Setting " + name + " must be an http(s) URL, got '" + value + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Setting " + name + " must be an http(s) URL, got '" + value + "'", e);
    }
  }

  private static boolean bool(Settings settings, String name, boolean fallback) {
    String value = settings.get(name).orElse(null);
    if (value == null) return fallback;
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("Setting " + name + " must be true or false, got '" + value + "'");
    };
  }
}
