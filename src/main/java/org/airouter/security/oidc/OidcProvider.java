package org.airouter.security.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.airouter.config.Settings;
import org.airouter.security.Caller;
import org.airouter.security.Role;

/**
 * The console's OpenID Connect relying party, all of it done by the Nimbus SDK: discovery (kept for an hour, fetched
 * again after a failure), the authorization request with state, nonce and PKCE (S256), the code exchange with
 * client_secret_basic, the ID token's checks (signature against the issuer's published keys, issuer, audience, expiry,
 * nonce) and the logout request. What it hands back is a {@link Caller} with a mapped role (and the team claim's team,
 * when one is configured and sent), or a {@link SignInRefused}.
 */
@ApplicationScoped
public class OidcProvider {
  private static final Logger LOG = Logger.getLogger(OidcProvider.class.getName());
  /** How long a started sign-in may take at the provider (typing a password, a second factor). */
  static final Duration SIGN_IN_TIME = Duration.ofMinutes(10);
  private static final Duration DISCOVERY_TTL = Duration.ofHours(1);

  private Optional<OidcSettings> settings;
  private Clock clock = Clock.systemUTC();
  private volatile Discovered discovered;

  /** The provider's metadata and the ID token validator built from it (its key source caches the JWKS). */
  private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator, Instant at) {}

  @PostConstruct void init() {
    settings = OidcSettings.from(Settings.fromEnvironment());
    settings.ifPresent(s -> LOG.info("Console single sign-on: " + s));
  }

  public boolean enabled() { return settings.isPresent(); }

  public Optional<OidcSettings> settings() { return settings; }

  /** Whether the console's password form is offered (and accepted). */
  public boolean passwordSignIn() { return OidcSettings.passwordSignIn(settings); }

  /** The redirect URI: the setting's, else the callback under the URL the browser used ({@code requestBase}). */
  public URI redirectUri(URI requestBase) {
    return settings().flatMap(OidcSettings::redirectUri).orElseGet(() -> requestBase.resolve("sso/callback"));
  }

  /** Where the browser goes to sign in; {@code pending} is what the session keeps for the answer. */
  public record Start(URI authorization, PendingSignIn pending) {}

  public Start start(URI redirectUri) throws SignInRefused {
    OidcSettings s = settings.orElseThrow();
    OIDCProviderMetadata metadata = discover().metadata();
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    URI uri = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(s.scopes()), new ClientID(s.clientId()),
        redirectUri)
        .endpointURI(metadata.getAuthorizationEndpointURI())
        .state(state)
        .nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build().toURI();
    return new Start(uri, new PendingSignIn(state.getValue(), nonce.getValue(), verifier.getValue(), redirectUri,
        clock.instant()));
  }

  /**
   * The provider's answer at the callback: its parameters, checked against what the session kept ({@code pending}
   * may be null: no sign-in started in this session).
   */
  public OidcSignIn finish(Map<String, String> answer, PendingSignIn pending) throws SignInRefused {
    OidcSettings s = settings.orElseThrow();
    String error = answer.get("error");
    if (error != null) {
      String description = answer.getOrDefault("error_description", "");
      throw new SignInRefused(400, "The identity provider did not sign you in (" + error
          + (description.isBlank() ? "" : ": " + clip(description)) + ").", "provider answered " + error);
    }
    if (pending == null) {
      throw new SignInRefused(400, "No sign-in was started in this browser, or it took longer than "
          + SIGN_IN_TIME.toMinutes() + " minutes. Sign in again.", "no sign-in in progress");
    }
    if (!pending.state().equals(answer.get("state"))) {
      throw new SignInRefused(400, "The answer from the identity provider does not belong to this sign-in. Sign in "
          + "again.", "state does not match");
    }
    if (pending.started().plus(SIGN_IN_TIME).isBefore(clock.instant())) {
      throw new SignInRefused(400, "The sign-in took longer than " + SIGN_IN_TIME.toMinutes() + " minutes. Sign in "
          + "again.", "sign-in expired");
    }
    Discovered d = discover();
    String iss = answer.get("iss");   // RFC 9207: when the provider names itself, it must be ours (mix-up attacks)
    if (iss != null && !iss.equals(d.metadata().getIssuer().getValue())) {
      throw new SignInRefused(400, "The answer came from another identity provider. Sign in again.",
          "answer from issuer " + clip(iss));
    }
    String code = answer.get("code");
    if (code == null || code.isBlank()) {
      throw new SignInRefused(400, "The identity provider sent no authorization code. Sign in again.", "no code");
    }
    JWT idToken = exchange(s, d.metadata(), new AuthorizationCode(code), pending);
    IDTokenClaimsSet claims;
    try {
      claims = d.validator().validate(idToken, new Nonce(pending.nonce()));
    } catch (BadJOSEException | JOSEException e) {
      throw new SignInRefused(401, "The identity provider's ID token did not pass its checks; you are not signed in.",
          "invalid ID token: " + clip(e.getMessage()));
    }
    Map<String, Object> all = claims.toJSONObject();
    String who = "sso:" + clip(name(all, claims.getSubject().getValue()));
    Role role = s.roles().roleOf(all).orElseThrow(() -> new SignInRefused(403, "You signed in at the identity "
        + "provider, but none of your '" + s.roles().claim() + "' values has a role on this router. Ask an admin to "
        + "map one of them in airouter.oidc.role-map.", "no mapped role in claim " + s.roles().claim() + " "
        + s.roles().valuesOf(all), who));
    String team = s.teamClaim().flatMap(claim -> ClaimTeam.of(claim, all)).map(OidcProvider::clip).orElse(null);
    return new OidcSignIn(new Caller(who, role, team), claims.getSubject().getValue(), claims.getIssuer().getValue(),
        idToken.getParsedString());
  }

  /**
   * The provider's logout URL for this ID token, coming back to {@code afterLogout}; empty when the provider announces
   * no end_session_endpoint (or cannot be asked now): the local sign-out then is all there is.
   */
  public Optional<URI> endSession(String idToken, URI afterLogout) {
    if (settings.isEmpty() || idToken == null) return Optional.empty();
    try {
      URI endpoint = discover().metadata().getEndSessionEndpointURI();
      if (endpoint == null) return Optional.empty();
      return Optional.of(new LogoutRequest(endpoint, JWTParser.parse(idToken), null,
          new ClientID(settings.get().clientId()), afterLogout, null, null).toURI());
    } catch (SignInRefused | java.text.ParseException e) {
      LOG.warning("Provider logout skipped: " + e.getMessage());
      return Optional.empty();
    }
  }

  private JWT exchange(OidcSettings s, OIDCProviderMetadata metadata, AuthorizationCode code, PendingSignIn pending)
      throws SignInRefused {
    TokenRequest request = new TokenRequest(metadata.getTokenEndpointURI(),
        new ClientSecretBasic(new ClientID(s.clientId()), new Secret(s.clientSecret())),
        new AuthorizationCodeGrant(code, pending.redirectUri(), new CodeVerifier(pending.codeVerifier())));
    TokenResponse response;
    try {
      HTTPRequest http = request.toHTTPRequest();
      http.setConnectTimeout(s.timeoutMs());
      http.setReadTimeout(s.timeoutMs());
      response = OIDCTokenResponseParser.parse(http.send());
    } catch (IOException | ParseException e) {
      throw new SignInRefused(502, "The identity provider's token endpoint did not answer properly. Try again later.",
          "token endpoint: " + clip(e.getMessage()));
    }
    if (!response.indicatesSuccess()) {
      ErrorObject error = response.toErrorResponse().getErrorObject();
      throw new SignInRefused(401, "The identity provider refused the sign-in code (" + error.getCode() + ").",
          "token endpoint answered " + error.getCode() + " " + error.getHTTPStatusCode());
    }
    JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
    if (idToken == null) {
      throw new SignInRefused(502, "The identity provider sent no ID token.", "no ID token");
    }
    return idToken;
  }

  private Discovered discover() throws SignInRefused {
    Discovered d = discovered;
    if (d != null && d.at().plus(DISCOVERY_TTL).isAfter(clock.instant())) return d;
    synchronized (this) {
      if (discovered != d) return discovered;
      OidcSettings s = settings.orElseThrow();
      try {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(s.issuer()), s.timeoutMs(),
            s.timeoutMs());
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL(),
            new DefaultResourceRetriever(s.timeoutMs(), s.timeoutMs(), 512 * 1024)).build();
        IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(s.clientId()),
            new JWSVerificationKeySelector<>(signatureAlgorithms(metadata), keys), null);
        discovered = new Discovered(metadata, validator, clock.instant());
        return discovered;
      } catch (GeneralException | IOException | RuntimeException e) {
        LOG.warning("OpenID Connect discovery at " + s.issuer() + " failed: " + e);
        throw new SignInRefused(502, "The identity provider at " + s.issuer().getHost() + " did not answer. Try again "
            + "later" + (s.passwordSignIn() ? ", or sign in with a password." : "."), "discovery failed: "
            + clip(String.valueOf(e.getMessage())));
      }
    }
  }

  /** The public-key algorithms the provider signs ID tokens with; never "none" nor HMAC (the secret is not a key). */
  private static Set<JWSAlgorithm> signatureAlgorithms(OIDCProviderMetadata metadata) {
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    List<JWSAlgorithm> announced = metadata.getIDTokenJWSAlgs();
    if (announced != null) announced.stream().filter(JWSAlgorithm.Family.SIGNATURE::contains).forEach(algorithms::add);
    if (algorithms.isEmpty()) algorithms.add(JWSAlgorithm.RS256);   // OpenID Connect's required default
    return algorithms;
  }

  /** The name the audit log shows: preferred_username, else email, else the subject. */
  private static String name(Map<String, Object> claims, String subject) {
    for (String claim : List.of("preferred_username", "email")) {
      if (claims.get(claim) instanceof String value && !value.isBlank()) return value;
    }
    return subject;
  }

  private static String clip(String text) {
    if (text == null) return "";
    return text.length() > 96 ? text.substring(0, 96) : text;
  }
}
