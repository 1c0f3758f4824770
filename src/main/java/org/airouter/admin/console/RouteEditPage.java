package org.airouter.admin.console;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.OptimisticLockException;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.MatchKind;
import org.airouter.routing.Route;
import org.airouter.routing.RouteService;

/** Create or edit one route (route.xhtml?id=…). */
@Named
@ViewScoped
public class RouteEditPage implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The route's own fields (RouteSpec.problems() names) → the inputs they sit beside. */
  private static final Set<String> ROUTE_FIELDS = Set.of("name", "match", "pattern", "maxAttempts", "fallbacks",
      "sticky", "timeouts", "keepaliveAfterMs");
  /** A target's fields; a route's only target has them unprefixed, as before targets existed. */
  private static final Set<String> TARGET_FIELDS = Set.of("name", "provider", "baseUrl", "apiKey", "upstreamModel",
      "apiVersion", "deployments", "headers", "query", "priority", "weight", "timeouts");
  private static final Pattern TARGET_FIELD = Pattern.compile("targets\\[(\\d+)]\\.(\\w+)(\\..*)?");

  @Inject ConsoleServices services;

  private Long id;
  private Long version;
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
    form = RouteForm.of(route, services.routes()::keyHint);
    version = route.version();
    return null;
  }

  public String save() {
    try {
      Route saved = id == null ? services.routes().create(form.toSpec()) : services.routes().update(id, form.toSpec(), version);
      Messages.info("Route " + saved.name() + " saved.");
      return Messages.redirect("/console/routes");
    } catch (RouteService.InvalidRoute e) {
      Messages.problems(e.problems(), RouteEditPage::clientId);
    } catch (RouteService.DuplicateRouteName e) {
      Messages.fieldError("route:name", e.getMessage());
    } catch (OptimisticLockException e) {
      Messages.error("Someone else changed this route meanwhile. Reload it to see their change.");
    } catch (RouteService.RouteNotFound e) {
      Messages.error("That route no longer exists.");
    }
    return null;
  }

  /** Adds a blank target at the end of the list; nothing is stored until Save. */
  public void addTarget() { form.addTarget(); }

  public void removeTarget(int index) { form.removeTarget(index); }

  public void moveTarget(int index, int offset) { form.moveTarget(index, offset); }

  /** The input a problem's field sits beside, or null for a global message. */
  static String clientId(String field) {
    Matcher m = TARGET_FIELD.matcher(field);
    if (m.matches()) return TARGET_FIELDS.contains(m.group(2)) ? "route:targets:" + m.group(1) + ":" + m.group(2) : null;
    if (field.startsWith("timeouts.")) return "route:timeouts";
    if (ROUTE_FIELDS.contains(field)) return "route:" + field;
    if (TARGET_FIELDS.contains(field)) return "route:targets:0:" + field;
    return null;
  }

  public List<String> getMatchKinds() { return java.util.Arrays.stream(MatchKind.values()).map(MatchKind::id).toList(); }

  public List<String> getProviders() { return java.util.Arrays.stream(ProviderKind.values()).map(ProviderKind::id).toList(); }

  public Long getId() { return id; }
  public void setId(Long id) { this.id = id; }
  public RouteForm getForm() { return form; }
  public boolean isCreating() { return id == null; }
}
