package org.airouter.admin.api;

import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.TeamService;
import org.airouter.prices.PriceService;
import org.airouter.probe.RouteProbe;
import org.airouter.routing.RouteService;
import org.airouter.security.AdminTokens;
import org.airouter.wire.OpenAiError;
import org.hibernate.StaleStateException;

/** What the services refuse: unknown id 404, duplicate name or stale version 409, broken rule 400. */
@Provider
public class ServiceErrorMapper implements ExceptionMapper<RuntimeException> {

  @Override public Response toResponse(RuntimeException e) { return Errors.response(translate(e)); }

  static OpenAiError translate(RuntimeException e) {
    if (e instanceof RouteService.RouteNotFound || e instanceof ClientKeyService.ClientKeyNotFound
        || e instanceof AdminTokens.AdminTokenNotFound || e instanceof RouteProbe.NoRoute
        || e instanceof TeamService.TeamNotFound || e instanceof PriceService.PriceNotFound) {
      return Errors.notFound(e.getMessage());
    }
    if (e instanceof RouteService.DuplicateRouteName || e instanceof ClientKeyService.DuplicateKeyName
        || e instanceof AdminTokens.DuplicateTokenName || e instanceof TeamService.DuplicateTeamName) {
      return Errors.conflict(e.getMessage(), "duplicate_name");
    }
    if (e instanceof RouteService.InvalidRoute invalid) return Errors.invalid(invalid.problems());
    if (e instanceof ClientKeyService.InvalidClientKey invalid) return Errors.invalid(invalid.problems());
    if (e instanceof AdminTokens.InvalidAdminToken invalid) return Errors.invalid(invalid.problems());
    if (e instanceof TeamService.InvalidTeam invalid) return Errors.invalid(invalid.problems());
    if (e instanceof PriceService.InvalidPrice invalid) return Errors.invalid(invalid.problems());
    if (e instanceof UsageResource.InvalidQuery invalid) return Errors.invalid(invalid.problems());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
        return Errors.conflict("Someone else changed this since you read it; read it again and retry with the new "
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
