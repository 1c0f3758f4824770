package org.airouter.admin.api;

import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.airouter.selfservice.SelfServiceRefused;
import org.airouter.validation.DuplicateName;
import org.airouter.validation.Invalid;
import org.airouter.validation.NotFound;
import org.airouter.wire.OpenAiError;
import org.hibernate.StaleStateException;

/** What the services refuse: unknown id 404, duplicate name or stale version 409, broken rule (a member's key over its team's limits among them) 400. */
@Provider
public class ServiceErrorMapper implements ExceptionMapper<RuntimeException> {

  @Override public Response toResponse(RuntimeException e) { return Errors.response(translate(e)); }

  static OpenAiError translate(RuntimeException e) {
    if (e instanceof NotFound) return OpenAiError.notFound(e.getMessage());
    if (e instanceof SelfServiceRefused refused) return refused.error();
    if (e instanceof DuplicateName) return OpenAiError.conflict(e.getMessage(), "duplicate_name");
    if (e instanceof Invalid invalid) return Errors.invalid(invalid.problems());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
        return OpenAiError.conflict("Someone else changed this since you read it; read it again and retry with the new "
            + "version.", "version_conflict");
      }
    }
    if (e instanceof ProcessingException && e.getCause() instanceof JsonbException json) {
      return OpenAiError.invalidJson(firstLine(json.getMessage()));
    }
    return Errors.unexpected(e);
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
