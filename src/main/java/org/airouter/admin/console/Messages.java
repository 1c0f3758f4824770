package org.airouter.admin.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.EditableValueHolder;
import jakarta.faces.context.FacesContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import org.airouter.validation.Problem;

/** Faces messages for the pages: global ones (kept across a redirect) and service problems beside their fields. */
final class Messages {
  private Messages() {}

  static void info(String text) { add(null, FacesMessage.SEVERITY_INFO, text); }

  static void error(String text) { add(null, FacesMessage.SEVERITY_ERROR, text); }

  static void fieldError(String clientId, String text) { add(clientId, FacesMessage.SEVERITY_ERROR, text); }

  /**
   * Puts each problem beside the input of {@code form} that has its field's name (see {@link #clientId}); a problem
   * no input of the page shows becomes a global message.
   */
  static void problems(String form, List<Problem> problems) {
    problems(problems, field -> clientId(form, field, Messages::isInput));
  }

  /** As {@link #problems(String, List)}, with a rule from field name to client id (null: a global message). */
  static void problems(List<Problem> problems, Function<String, String> clientIds) {
    for (Problem problem : problems) {
      String clientId = clientIds.apply(problem.field());
      if (clientId != null) fieldError(clientId, problem.message());
      else error(problem.toString());
    }
  }

  /**
   * The input of {@code form} a field's problem sits beside: the field's path as client ids ({@code targets[1].baseUrl}
   * → {@code form:targets:1:baseUrl}), else the nearest enclosing one that is an input ({@code timeouts.totalMs} →
   * {@code form:timeouts}); null when the page has none.
   */
  static String clientId(String form, String field, Predicate<String> isInput) {
    String path = form + ":" + field.replaceAll("\\[(\\d+)]", ".$1").replace('.', ':');
    for (String id = path; id.length() > form.length(); id = id.substring(0, Math.max(0, id.lastIndexOf(':')))) {
      if (isInput.test(id)) return id;
    }
    return null;
  }

  /** Whether the current view has an input (not a repeat or a button) of that client id. */
  static boolean isInput(String clientId) {
    FacesContext context = FacesContext.getCurrentInstance();
    AtomicBoolean input = new AtomicBoolean();
    // invokeOnComponent, not findComponent: it finds inputs inside ui:repeat rows too
    context.getViewRoot().invokeOnComponent(context, clientId,
        (ctx, component) -> input.set(component instanceof EditableValueHolder));
    return input.get();
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
