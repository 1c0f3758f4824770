package org.airouter.admin.console;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import org.airouter.audit.AuditLog;
import org.airouter.wire.OpenAiError;

/**
 * The audit page's export link: the page's selection, oldest first, as JSON lines, for a console session (the admin
 * API's /audit/export needs a token or password, which a browser link does not carry). Admin only (ConsoleRoles).
 */
@WebServlet(AuditExportServlet.PATH)
public class AuditExportServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String PATH = "/console/audit-export";

  @Inject transient AuditLog audit;

  @Override protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    AuditLog.Filter filter;
    try {
      filter = AuditPage.filter(request.getParameter("actor"), request.getParameter("action"),
          request.getParameter("from"), request.getParameter("to"));
    } catch (DateTimeParseException e) {
      AccessFilter.refuse(response, new OpenAiError(400, "from, to: a date such as 2026-01-31.", "invalid_request_error",
          null, "invalid_value"));
      return;
    }
    response.setContentType("application/x-ndjson");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"ai-router-audit.jsonl\"");
    audit.export(filter, new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
  }
}
