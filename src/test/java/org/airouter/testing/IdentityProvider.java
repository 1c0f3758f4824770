package org.airouter.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A real OpenID Connect provider for the console's single sign-on tests: NAV's mock-oauth2-server (discovery, JWKS,
 * authorization code with PKCE, signed ID tokens, end session) on a free loopback port, in the test JVM. Its issuer
 * is named with {@code localhost} while the router under test is reached as {@code 127.0.0.1}: two sites, as a real
 * provider and router are, so the browser treats the provider's return as the cross-site navigation it is.
 */
public final class IdentityProvider implements AutoCloseable {
  public static final String ISSUER_ID = "airouter";
  public static final String CLIENT_ID = "ai-router-console";
  public static final String CLIENT_SECRET = "idp-client-secret-for-tests";

  private final MockOAuth2Server server;
  private final List<RecordedRequest> seen = new ArrayList<>();

  private IdentityProvider(boolean interactive) { server = new MockOAuth2Server(new OAuth2Config(interactive)); }

  /** Signs in whoever {@link #nextUser} queued, without a page of its own. */
  public static IdentityProvider start() { return start(false); }

  /**
   * Shows its sign-in page, where the test types a user name and the claims (JSON) as a person would: the way back to
   * the router then starts on the provider's page, a cross-site navigation as with a real provider.
   */
  public static IdentityProvider startInteractive() { return start(true); }

  /**
   * Non-interactive, on the port the build reserved: a server in a JVM of its own was started with the issuer in its
   * JVM options (arquillian.xml), before this test ran. 0: any free port.
   */
  public static IdentityProvider startOn(int port) { return start(false, port); }

  private static IdentityProvider start(boolean interactive) { return start(interactive, 0); }

  private static IdentityProvider start(boolean interactive, int port) {
    IdentityProvider idp = new IdentityProvider(interactive);
    try {
      idp.server.start(InetAddress.getByName("127.0.0.1"), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return idp;
  }

  public int port() { return server.baseUrl().port(); }

  /** The issuer the router is configured with. */
  public String issuer() { return "http://localhost:" + port() + "/" + ISSUER_ID; }

  /** The next sign-in is this user, with these groups in the {@code groups} claim. */
  public void nextUser(String name, List<String> groups) { nextUser(name, groups, Map.of()); }

  /** The next sign-in is this user, with these groups and these further claims (a team, say). */
  public void nextUser(String name, List<String> groups, Map<String, Object> claims) {
    Map<String, Object> all = new HashMap<>(claims);
    all.put("preferred_username", name);
    all.put("groups", groups);
    server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, name, "JWT", List.of(CLIENT_ID), all, 3600));
  }

  /** Every request the provider got so far (each is returned once by the server, kept here). */
  public List<RecordedRequest> requests() {
    while (true) {
      try {
        seen.add(server.takeRequest(10, TimeUnit.MILLISECONDS));
      } catch (RuntimeException queueEmpty) {   // its way of saying "nothing within the timeout"
        return List.copyOf(seen);
      }
    }
  }

  @Override public void close() { server.shutdown(); }
}
