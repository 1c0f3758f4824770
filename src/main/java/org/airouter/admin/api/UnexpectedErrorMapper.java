package org.airouter.admin.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Anything else: logged with an id, answered 500 in OpenAI's shape, no stack trace. */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
  @Override public Response toResponse(Throwable e) { return Errors.response(Errors.unexpected(e)); }
}
