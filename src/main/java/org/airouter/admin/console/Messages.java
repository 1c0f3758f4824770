package org.airouter.admin.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.List;
import java.util.Map;

/** Faces messages for the pages: global ones (kept across a redirect) and "field: reason" problems beside fields. */
final class Messages {
  private Messages() {}

  static void info(String text) { add(null, FacesMessage.SEVERITY_INFO, text); }

  static void error(String text) { add(null, FacesMessage.SEVERITY_ERROR, text); }

  static void fieldError(String clientId, String text) { add(clientId, FacesMessage.SEVERITY_ERROR, text); }

  /**
   * Puts each service problem ("field: reason") beside its field; {@code fields} maps the service's field names to
   * client ids. Problems of unknown fields become global messages.
   */
  static void problems(List<String> problems, Map<String, String> fields) { problems(problems, fields::get); }

  /** As {@link #problems(List, Map)}, with a rule from field name to client id (null: a global message). */
  static void problems(List<String> problems, java.util.function.Function<String, String> fields) {
    for (String problem : problems) {
      int colon = problem.indexOf(':');
      String clientId = colon > 0 ? fields.apply(problem.substring(0, colon).trim()) : null;
      if (clientId != null) fieldError(clientId, problem.substring(colon + 1).trim());
      else error(problem);
    }
  }

  /** Messages added now survive the redirect of post-redirect-get. */
  static String redirect(String viewId) {
    FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
    return viewId + "?faces-redirect=true";
  }

  private static void add(String clientId, FacesMessage.Severity severity, String text) {
    FacesContext.getCurrentInstance().addMessage(clientId, new FacesMessage(severity, text, null));
  }
}
