package org.airouter.proxy;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.airouter.wire.OpenAiError;

/** Writes an OpenAI-shaped error before any upstream call is made (small bodies, container thread). */
final class ErrorResponses {
  private ErrorResponses() {}

  static void write(HttpServletResponse response, OpenAiError error) throws IOException {
    byte[] body = error.toBytes();
    response.setStatus(error.status());
    response.setContentType("application/json");
    response.setContentLength(body.length);
    if (error.status() == 405) response.setHeader("Allow", "POST");
    response.getOutputStream().write(body);
    response.flushBuffer();
  }
}
