package org.airouter.admin.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.wire.OpenAiError;

/** The admin API's errors, in the same shape as /v1's. */
final class Errors {
  private static final Logger LOG = Logger.getLogger(Errors.class.getName());

  private Errors() {}

  static Response response(OpenAiError error) {
    return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error.toJson().toString()).build();
  }

  /** 400 for the first "field: reason"; the message lists them all. */
  static OpenAiError invalid(List<String> problems) {
    String first = problems.isEmpty() ? "" : problems.get(0);
    int colon = first.indexOf(':');
    String field = colon > 0 ? first.substring(0, colon) : null;
    return new OpenAiError(400, String.join("; ", problems), "invalid_request_error", field, "invalid_value");
  }

  static OpenAiError notFound(String message) {
    return new OpenAiError(404, message, "invalid_request_error", null, "not_found");
  }

  static OpenAiError conflict(String message, String code) {
    return new OpenAiError(409, message, "invalid_request_error", null, code);
  }

  /** Logged in full with an id the caller can quote; the caller sees no stack trace. */
  static OpenAiError unexpected(Throwable e) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    LOG.log(Level.SEVERE, "admin API failure " + id, e);
    return OpenAiError.internal(id);
  }
}
