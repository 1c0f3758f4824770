package org.airouter.admin.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.validation.Problem;
import org.airouter.wire.OpenAiError;

/** The admin API's errors, in the same shape as /v1's. */
final class Errors {
  private static final Logger LOG = Logger.getLogger(Errors.class.getName());

  private Errors() {}

  static Response response(OpenAiError error) {
    return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error.toJson().toString()).build();
  }

  /** 400 whose {@code param} is the first problem's field; the message lists them all. */
  static OpenAiError invalid(List<Problem> problems) {
    return OpenAiError.invalidRequest(Problem.join(problems), problems.isEmpty() ? null : problems.get(0).field(),
        "invalid_value");
  }

  /** Logged in full with an id the caller can quote; the caller sees no stack trace. */
  static OpenAiError unexpected(Throwable e) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    LOG.log(Level.SEVERE, "admin API failure " + id, e);
    return OpenAiError.internal(id);
  }
}
