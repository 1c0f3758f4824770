package org.airouter.admin.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Guards the console: security headers on every console response (pages and their CSS/JS), and every path under
 * /console needs a signed-in session; without one a page request is sent to the sign-in page, a fetch gets 401.
 * The CSP allows only the console's own files: no inline script or style anywhere.
 */
@WebFilter(urlPatterns = {"/console/*", "/login.xhtml", "/jakarta.faces.resource/*"})
public class ConsoleFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  @Override protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");   // for browsers older than frame-ancestors
    response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/jakarta.faces.resource/")) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("Cache-Control", "no-store");   // pages show keys and configuration: never cache them
    if (path.startsWith("/console/") && !ConsoleSession.signedIn(request)) {
      if (path.startsWith("/console/test/")) {
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      } else {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + "/login.xhtml");
      }
      return;
    }
    chain.doFilter(request, response);
  }
}
