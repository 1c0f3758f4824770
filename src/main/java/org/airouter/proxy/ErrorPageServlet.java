package org.airouter.proxy;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.wire.OpenAiError;

/**
 * The container's error pages, in the one error shape clients of this server know. No stack traces, and never the
 * container's own page, which names the server and its version: web.xml sends every status here.
 */
@WebServlet(urlPatterns = {"/errors/not-found", "/errors/method-not-allowed", "/errors/internal", "/errors/other"})
public class ErrorPageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

  @Override protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = uri != null ? uri.toString() : request.getRequestURI();
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 404;
    if (status >= 500) {
      Object cause = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      LOG.log(Level.WARNING, "The container answered " + path + " with " + status
          + (cause == null ? " (no exception)" : ""), cause instanceof Throwable t ? t : null);
    }
    OpenAiError error = switch (status) {
      case 405 -> OpenAiError.methodNotAllowed(request.getMethod(), path);
      case 404 -> OpenAiError.unknownPath(path);
      default -> byStatus(status);
    };
    response.resetBuffer();
    if (response.getHeader("x-request-id") == null) {
      response.setHeader("x-request-id", RequestIds.next());
    }
    try {
      ErrorResponses.write(response, error);
    } catch (IOException clientGone) {
      // an error page for a client that has left (a reset stream): nobody to tell
    }
  }

  /** A status some layer (the container, a library) chose without a body of ours. */
  private static OpenAiError byStatus(int status) {
    return switch (status) {
      case 400 -> new OpenAiError(400, "The request could not be understood.", "invalid_request_error", null, "bad_request");
      case 401 -> new OpenAiError(401, "This needs credentials.", "invalid_request_error", null, "unauthorized");
      case 403 -> new OpenAiError(403, "Not allowed.", "invalid_request_error", null, "permission_denied");
      case 413 -> new OpenAiError(413, "The request is too large.", "invalid_request_error", null, "request_too_large");
      case 429 -> new OpenAiError(429, "Too many requests.", "rate_limit_error", null, "rate_limit_exceeded");
      case 503 -> new OpenAiError(503, "The server cannot serve this right now.", "server_error", null, "unavailable");
      default -> status >= 400 && status < 500
          ? new OpenAiError(status, "The request was refused.", "invalid_request_error", null, "http_" + status)
          : new OpenAiError(status, "The server could not handle this request.", "server_error", null, "internal_error");
    };
  }
}
