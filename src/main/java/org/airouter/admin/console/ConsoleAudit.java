package org.airouter.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import org.airouter.audit.AuditLog;
import org.airouter.audit.AuditScrub;
import org.airouter.security.Caller;
import org.airouter.wire.JsonIo;

/**
 * Console actions for the audit log. Every console change is a Faces POST back to its page; the event names the page
 * and keeps the submitted fields (the pressed button among them), secret-named ones replaced (provider keys, headers) and the
 * rest scrubbed of key-shaped text. The console's sign-in and sign-out are recorded by its login page.
 */
@ApplicationScoped
public class ConsoleAudit {
  @Inject AuditLog audit;

  void console(Caller caller, HttpServletRequest request) {
    String page = request.getServletPath();
    if (page.endsWith(".xhtml")) page = page.substring(0, page.length() - ".xhtml".length());
    String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    JsonObjectBuilder fields = JsonIo.PROVIDER.createObjectBuilder();
    if (type.startsWith("application/x-www-form-urlencoded")) {   // a multipart upload (import) is left for Faces
      for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
        String name = e.getKey();
        if (name.startsWith("jakarta.faces.") || e.getValue().length == 0) continue;
        String value = e.getValue()[0];
        fields.add(name, AuditScrub.secretName(name) && !value.isEmpty() ? "[removed]" : value);
      }
    }
    String pageName = page.substring(page.lastIndexOf('/') + 1);
    audit.record(caller.name(), request.getRemoteAddr(), "console." + pageName, "console", null,
        AuditScrub.scrub(fields.build()));
  }

  /**
   * A change a page makes that the submitted fields do not name (a row's button carries no id), under the admin
   * API's vocabulary, so an auditor finds it whichever way it was made.
   */
  void change(HttpServletRequest request, String action, String targetType, String target, JsonObject detail) {
    Caller caller = ConsoleSession.caller(request);
    audit.record(caller == null ? null : caller.name(), request.getRemoteAddr(), action, targetType, target, detail);
  }
}
