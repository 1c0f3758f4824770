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
      case 405 -> new OpenAiError(405, "This method is not allowed here.", "invalid_request_error", null,
          "method_not_allowed");
      case 415 -> new OpenAiError(415, "Send the body as application/json.", "invalid_request_error", null,
          "unsupported_media_type");
      case 406 -> new OpenAiError(406, "This API answers in application/json only.", "invalid_request_error", null,
          "not_acceptable");
      case 400 -> OpenAiError.invalidJson(e.getCause() != null ? "unreadable body" : "missing or unreadable body");
      default -> status >= 500 ? Errors.unexpected(e)
          : new OpenAiError(status, "The request was refused.", "invalid_request_error", null, null);
    };
    return Errors.response(error);
  }
}
