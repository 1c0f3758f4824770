package org.airouter.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.proxy.ErrorResponses;
import org.airouter.proxy.RequestIds;
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
      default -> OpenAiError.forStatus(status);
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
}
