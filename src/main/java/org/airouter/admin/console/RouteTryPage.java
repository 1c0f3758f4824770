package org.airouter.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import org.airouter.probe.RouteProbe;
import org.airouter.routing.Route;

/**
 * The online test. With script, console.js streams the answer from {@link RouteTryStreamServlet}; without it, this form's
 * action runs the same test and shows the whole answer at once.
 */
@Named
@ViewScoped
public class RouteTryPage implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int MAX_TOKENS = 256;

  @Inject ConsoleServices services;

  private List<String> routeNames;
  private String route;
  private String model;
  private String message = "Say hello in five words.";
  private boolean stream = true;
  private RouteProbe.Result result;

  @PostConstruct
  void load() { routeNames = services.routes().all().stream().filter(Route::enabled).map(Route::name).toList(); }

  public void run() {
    try {
      result = stream ? services.probe().stream(model, route, message, MAX_TOKENS, piece -> { })
          : services.probe().run(model, route, message, MAX_TOKENS);
    } catch (RouteProbe.NoRoute e) {
      result = null;
      Messages.error(e.getMessage());
    }
  }

  /** For console.js: the session's token, sent back with the streaming request. */
  public String getToken() {
    return ConsoleSession.token((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
  }

  public List<String> getRouteNames() { return routeNames; }
  public String getRoute() { return route; }
  public void setRoute(String route) { this.route = route; }
  public String getModel() { return model; }
  public void setModel(String model) { this.model = model; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public boolean isStream() { return stream; }
  public void setStream(boolean stream) { this.stream = stream; }
  public RouteProbe.Result getResult() { return result; }
}
