package org.airouter.provider;

import org.airouter.wire.OpenAiError;

/**
 * A client's path, query or model that cannot become a safe upstream address: the client's error (4xx), answered
 * as {@link #error()}. Carries no stack trace, since nothing went wrong in the router.
 */
public final class InvalidTarget extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient OpenAiError error;

  public InvalidTarget(OpenAiError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public OpenAiError error() { return error; }
}
