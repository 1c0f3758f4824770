package org.airouter.selfservice;

import org.airouter.wire.OpenAiError;

/** Why a member may not do what they asked (no team, over the team's limits or budget), in the API's error shape. */
public final class SelfServiceRefused extends RuntimeException {
  private final transient OpenAiError error;

  SelfServiceRefused(String code, String message) {
    super(message);
    this.error = new OpenAiError(400, message, "invalid_request_error", null, code);
  }

  public OpenAiError error() { return error; }
}
