package org.airouter.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.airouter.routing.LastProbe;
import org.airouter.routing.Route;
import org.airouter.routing.RouteService;

/** The route list: enable/disable, reorder, delete (after a confirmation step, no script needed). */
@Named
@ViewScoped
public class RoutesPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject ConsoleServices services;

  /** One line of the table: the route as shown, its key as a hint, its last online test (kept on its row). */
  public record Row(Route route, String keyHint, LastProbe lastProbe) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private List<Row> rows;
  private Long confirmingDelete;

  @PostConstruct
  void load() {
    rows = services.routes().all().stream()
        .map(r -> new Row(r, services.routes().keyHint(r), r.lastProbe())).toList();
  }

  public String toggle(long id, boolean enabled) {
    try {
      Route route = services.routes().setEnabled(id, enabled);
      Messages.info("Route " + route.name() + (enabled ? " enabled." : " disabled."));
    } catch (RouteService.RouteNotFound e) {
      Messages.error(e.getMessage());
    }
    return Messages.redirect("/console/routes");
  }

  public String move(long id, int offset) {
    try {
      services.routes().move(id, offset);
    } catch (RouteService.RouteNotFound e) {
      Messages.error(e.getMessage());
    }
    return Messages.redirect("/console/routes");
  }

  /** First step of deleting: the row asks "really?" in place. */
  public void askDelete(long id) { confirmingDelete = id; }

  public void cancelDelete() { confirmingDelete = null; }

  public String delete(long id) {
    try {
      String name = services.routes().find(id).map(Route::name).orElse("#" + id);
      services.routes().delete(id);
      Messages.info("Route " + name + " deleted.");
    } catch (RouteService.RouteNotFound e) {
      Messages.error(e.getMessage());
    }
    return Messages.redirect("/console/routes");
  }

  public List<Row> getRows() { return rows; }

  public boolean confirming(long id) { return confirmingDelete != null && confirmingDelete == id; }
}
