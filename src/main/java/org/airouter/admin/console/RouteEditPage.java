package org.airouter.admin.console;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.OptimisticLockException;
import java.io.Serializable;
import java.util.List;
import java.util.function.Predicate;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.MatchKind;
import org.airouter.routing.Route;
import org.airouter.routing.RouteService;
import java.util.Arrays;

/** Create or edit one route (route.xhtml?id=…). */
@Named
@ViewScoped
public class RouteEditPage implements Serializable {
  private static final long serialVersionUID = 1L;
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
      Messages.problems(e.problems(), field -> clientId(field, Messages::isInput));
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

  /**
   * The input a problem's field sits beside, or null for a global message. A route's only target names its fields
   * without the {@code targets[0].} prefix, as routes written before targets existed do.
   */
  static String clientId(String field, Predicate<String> isInput) {
    String own = Messages.clientId("route", field, isInput);
    return own != null ? own : Messages.clientId("route", "targets[0]." + field, isInput);
  }

  public List<String> getMatchKinds() { return Arrays.stream(MatchKind.values()).map(MatchKind::id).toList(); }

  public List<String> getProviders() { return Arrays.stream(ProviderKind.values()).map(ProviderKind::id).toList(); }

  public Long getId() { return id; }
  public void setId(Long id) { this.id = id; }
  public RouteForm getForm() { return form; }
  public boolean isCreating() { return id == null; }
}
