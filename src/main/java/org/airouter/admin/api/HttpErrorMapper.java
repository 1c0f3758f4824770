package org.airouter.admin.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.airouter.wire.OpenAiError;

/** JAX-RS' own refusals (unknown path, wrong method or media type, unreadable body), reshaped. */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {
  @Context UriInfo uri;

  @Override public Response toResponse(WebApplicationException e) {
    int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
    String path = uri != null ? "/" + uri.getPath() : "this path";
    OpenAiError error = switch (status) {
      case 404 -> OpenAiError.unknownPath(AdminApi.PATH + path.replaceFirst("^//", "/"));
      case 405 -> OpenAiError.refused(405, "This method is not allowed here.", "method_not_allowed");
      case 415 -> OpenAiError.refused(415, "Send the body as application/json.", "unsupported_media_type");
      case 406 -> OpenAiError.refused(406, "This API answers in application/json only.", "not_acceptable");
      case 400 -> OpenAiError.invalidJson(e.getCause() != null ? "unreadable body" : "missing or unreadable body");
      default -> status >= 500 ? Errors.unexpected(e)
          : OpenAiError.refused(status, "The request was refused.", null);
    };
    return Errors.response(error);
  }
}
