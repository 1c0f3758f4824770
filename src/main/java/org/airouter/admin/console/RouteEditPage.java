package org.airouter.admin.console;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.OptimisticLockException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.MatchKind;
import org.airouter.routing.Route;
import org.airouter.routing.RouteService;

/** Create or edit one route (route.xhtml?id=…). */
@Named
@ViewScoped
public class RouteEditPage implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The service's field names (RouteSpec.problems()) → the inputs they sit beside. */
  private static final Map<String, String> FIELDS = Map.ofEntries(Map.entry("name", "route:name"),
      Map.entry("match", "route:match"), Map.entry("pattern", "route:pattern"), Map.entry("provider", "route:provider"),
      Map.entry("baseUrl", "route:baseUrl"), Map.entry("apiKey", "route:apiKey"),
      Map.entry("upstreamModel", "route:upstreamModel"), Map.entry("apiVersion", "route:apiVersion"),
      Map.entry("deployments", "route:deployments"), Map.entry("headers", "route:headers"),
      Map.entry("query", "route:query"));

  @Inject ConsoleServices services;

  private Long id;
  private Long version;
  private String keyHint;
  private RouteForm form;

  /** The view action: a blank form, or the route's fields. */
  public String load() {
    if (id == null) {
      form = new RouteForm();
      return null;
    }
    Route route = services.routes().find(id).orElse(null);
    if (route == null) {
      Messages.error("That route no longer exists.");
      return Messages.redirect("/console/routes");
    }
    form = RouteForm.of(route);
    version = route.version();
    keyHint = services.routes().keyHint(route);
    return null;
  }

  public String save() {
    try {
      Route saved = id == null ? services.routes().create(form.toSpec()) : services.routes().update(id, form.toSpec(), version);
      Messages.info("Route " + saved.name() + " saved.");
      return Messages.redirect("/console/routes");
    } catch (RouteService.InvalidRoute e) {
      Messages.problems(e.problems(), FIELDS);
    } catch (RouteService.DuplicateRouteName e) {
      Messages.fieldError("route:name", e.getMessage());
    } catch (OptimisticLockException e) {
      Messages.error("Someone else changed this route meanwhile. Reload it to see their change.");
    } catch (RouteService.RouteNotFound e) {
      Messages.error("That route no longer exists.");
    }
    return null;
  }

  public List<String> getMatchKinds() { return java.util.Arrays.stream(MatchKind.values()).map(MatchKind::id).toList(); }

  public List<String> getProviders() { return java.util.Arrays.stream(ProviderKind.values()).map(ProviderKind::id).toList(); }

  public Long getId() { return id; }
  public void setId(Long id) { this.id = id; }
  public RouteForm getForm() { return form; }
  public String getKeyHint() { return keyHint; }
  public boolean isCreating() { return id == null; }
}
