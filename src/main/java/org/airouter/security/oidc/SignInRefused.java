package org.airouter.security.oidc;

/**
 * A single sign-on that did not sign anyone in. {@code message} is for the person at the browser; {@code reason} for
 * the audit log and the server log (never a token or the client secret); {@code who} names the user when the provider
 * already told us (a user without a mapped group), else null.
 */
public final class SignInRefused extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String reason;
  private final String who;

  public SignInRefused(int status, String message, String reason, String who) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.who = who;
  }

  public SignInRefused(int status, String message, String reason) { this(status, message, reason, null); }

  /** The HTTP status of the page that says so. */
  public int status() { return status; }

  public String reason() { return reason; }

  public String who() { return who; }
}
