package org.airouter.admin.console;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.airouter.security.Caller;
import org.airouter.security.Role;

/**
 * "/" and "/console/" lead to the console: a member to their own keys, everyone else to the routes (the filter sends
 * a visitor without a session on to sign in). Also the error page for a Faces view that expired inside a live session: the page is loaded afresh instead of a 500.
 */
@WebServlet(urlPatterns = {"", "/console/", ConsoleHome.EXPIRED})
public class ConsoleHome extends HttpServlet {
  private static final long serialVersionUID = 1L;

  static final String EXPIRED = "/console/expired";

  /** Where a caller lands (after signing in, too): a member on their own keys, everyone else on the routes. */
  static String home(Caller caller) {
    return caller != null && caller.role() == Role.MEMBER ? "/console/my-keys" : "/console/routes";
  }

  @Override protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String target = request.getContextPath() + home(ConsoleSession.caller(request)) + ".xhtml";
    Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    if (request.getServletPath().equals(EXPIRED) && failed instanceof String uri
        && uri.startsWith(request.getContextPath() + "/console/") && uri.endsWith(".xhtml")) {
      target = uri;   // the same page, by GET
    }
    response.resetBuffer();
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", target);
  }
}
