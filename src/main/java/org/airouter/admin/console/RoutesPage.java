package org.airouter.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.airouter.failover.HealthSnapshot;
import org.airouter.failover.HealthState;
import org.airouter.failover.TargetKey;
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
  public record Row(Route route, String keyHint, LastProbe lastProbe, List<TargetBadge> health)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * One target's health on this instance, as a badge: shown for every target of a route with several, and for a
   * single target only when it is not taking requests normally.
   */
  public record TargetBadge(String name, String state, String css, String title) implements Serializable {
    private static final long serialVersionUID = 1L;

    static TargetBadge of(HealthSnapshot h) {
      String state = h.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
      String css = switch (h.state()) {
        case CLOSED -> "ok";
        case COOLING, HALF_OPEN -> "accent";
        case OPEN, AUTH_FAILED -> "bad";
      };
      String title = (h.lastError() == null ? "no error" : "last error: " + (h.lastErrorStatus() > 0
          ? h.lastErrorStatus() + " " : "") + h.lastError()) + (h.reopensAt() == null ? "" : "; reopens at " + h.reopensAt());
      return new TargetBadge(h.key().target(), state, css, title);
    }
  }

  private List<Row> rows;
  private Long confirmingDelete;

  @PostConstruct
  void load() {
    Map<TargetKey, HealthSnapshot> health = new HashMap<>();
    for (HealthSnapshot h : services.targetHealth()) health.put(h.key(), h);
    rows = services.routes().all().stream()
        .map(r -> new Row(r, services.routes().keyHint(r), r.lastProbe(), badges(r, health))).toList();
  }

  private static List<TargetBadge> badges(Route route, Map<TargetKey, HealthSnapshot> health) {
    List<TargetBadge> badges = new ArrayList<>();
    for (var t : route.targets()) {
      HealthSnapshot h = health.get(new TargetKey(route.name(), t.name()));
      if (h != null && (route.targets().size() > 1 || h.state() != HealthState.CLOSED)) badges.add(TargetBadge.of(h));
    }
    return badges;
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
