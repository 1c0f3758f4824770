package org.airouter.security.oidc;

import java.io.Serializable;
import java.net.URI;
import java.time.Instant;

/**
 * What the console's HTTP session keeps between sending the browser to the provider and its return: the state the
 * answer must echo, the nonce the ID token must carry, the PKCE verifier only this server knows, and the redirect URI
 * the code was issued for. Used once.
 */
public record PendingSignIn(String state, String nonce, String codeVerifier, URI redirectUri, Instant started)
    implements Serializable {
  @Override public String toString() { return "PendingSignIn[started=" + started + "]"; }   // the rest is secret
}
