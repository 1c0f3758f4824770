package org.airouter.admin.console;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.airouter.security.AdminAuthFilter;
import org.airouter.security.Caller;
import org.airouter.security.Role;
import org.airouter.wire.OpenAiError;

/**
 * The one entrance check, on every request the client sends (not on the container's own error dispatches): the
 * {@link SiteMap} area of what the container is about to dispatch decides. Console pages need a signed-in session
 * (without one a page request is sent to sign in, a fetch gets 401) and the role {@link ConsoleRoles} names (else
 * 403); paths in no area get 404. Console responses
 * carry the security headers; the CSP allows only the console's own files: no inline script or style anywhere.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)   // async: /v1 passes through here
public class AccessFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  @Inject transient ConsoleAudit audit;
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  @Override protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    SiteMap area = SiteMap.of(request.getServletPath(), request.getPathInfo());
    switch (area) {
      case OWN_CHECK -> chain.doFilter(request, response);
      case ADMIN_API -> {
        // JAX-RS filters see servlet request attributes as properties: the throttle's key, on every server alike
        request.setAttribute(AdminAuthFilter.CLIENT_ADDRESS, request.getRemoteAddr());
        chain.doFilter(request, response);
      }
      case NOWHERE -> response.sendError(HttpServletResponse.SC_NOT_FOUND);   // the OpenAI-shaped 404 page
      default -> console(area, request, response, chain);
    }
  }

  private void console(SiteMap area, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");   // for browsers older than frame-ancestors
    response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (!request.getServletPath().startsWith("/jakarta.faces.resource/")) {
      response.setHeader("Cache-Control", "no-store");   // pages show keys and configuration: never cache them
    }
    if (area == SiteMap.CONSOLE_PUBLIC) {
      chain.doFilter(request, response);
    } else if (ConsoleSession.signedIn(request)) {
      Caller caller = ConsoleSession.caller(request);
      Role required = ConsoleRoles.required(area, request);
      if (required == null || caller != null && caller.role().allows(required)) {
        if (required != null && request.getMethod().equals("POST")) audit.console(caller, request);
        chain.doFilter(request, response);
      } else {
        refuse(response, OpenAiError.permissionDenied("This needs the " + required.id() + " role; you have "
            + (caller == null ? "none" : caller.role().id()) + ".", null));
      }
    } else if (area == SiteMap.CONSOLE_FETCH) {
      refuse(response, OpenAiError.unauthorized("Sign in to the console first.", "not_signed_in"));
    } else {
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", request.getContextPath() + SiteMap.LOGIN);
    }
  }

  /** An error body written here, so the container never renders its own page (which names the server). */
  static void refuse(HttpServletResponse response, OpenAiError error) throws IOException {
    byte[] body = error.toBytes();
    response.setStatus(error.status());
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
