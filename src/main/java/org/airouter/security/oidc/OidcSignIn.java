package org.airouter.security.oidc;

import org.airouter.security.Caller;

/**
 * A completed single sign-on: who ({@code caller}, named {@code sso:} and the user's name at the provider), the
 * provider's subject and issuer for the audit log, and the raw ID token, kept only as the hint for the provider's
 * logout.
 */
public record OidcSignIn(Caller caller, String subject, String issuer, String idToken) {
  @Override public String toString() { return "OidcSignIn[" + caller + ", subject=" + subject + "]"; }
}
