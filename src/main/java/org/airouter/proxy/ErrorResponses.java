package org.airouter.proxy;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.airouter.provider.ProviderKind;
import org.airouter.provider.Providers;
import org.airouter.provider.TranslatedChat;
import org.airouter.wire.OpenAiError;

/**
 * Writes one of the router's own errors before any upstream call is made (small bodies, container thread):
 * OpenAI-shaped, or Anthropic-shaped for Anthropic SDK clients of /v1/messages.
 */
public final class ErrorResponses {
  private ErrorResponses() {}

  public static void write(HttpServletResponse response, OpenAiError error) throws IOException {
    write(response, error, false);
  }

  /** @return the body written (payload capture keeps it as the answer) */
  static byte[] write(HttpServletResponse response, OpenAiError error, boolean anthropicShape) throws IOException {
    byte[] body = anthropicShape ? anthropic(error).getBytes(StandardCharsets.UTF_8) : error.toBytes();
    response.setStatus(error.status());
    response.setContentType("application/json");
    response.setContentLength(body.length);
    if (error.status() == 405) response.setHeader("Allow", "POST");
    response.getOutputStream().write(body);
    response.flushBuffer();
    return body;
  }

  /** The error as the last frame of a stream the client already has open (after keepalives). */
  static byte[] frame(OpenAiError error, boolean anthropicShape) {
    return anthropicShape ? ("event: error\ndata: " + anthropic(error) + "\n\n").getBytes(StandardCharsets.UTF_8)
        : error.toSseFrame();
  }

  private static String anthropic(OpenAiError error) {
    return ((TranslatedChat) Providers.of(ProviderKind.ANTHROPIC)).nativeError(error);
  }
}
