package org.airouter.admin.console;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** "/" and "/console/" lead to the console (the filter sends a visitor without a session on to sign in). */
@WebServlet(urlPatterns = {"", "/console/"})
public class ConsoleHome extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", request.getContextPath() + "/console/routes.xhtml");
  }
}
