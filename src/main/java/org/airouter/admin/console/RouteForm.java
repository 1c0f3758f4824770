package org.airouter.admin.console;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.airouter.routing.Failover;
import org.airouter.routing.MatchKind;
import org.airouter.routing.Route;
import org.airouter.routing.RouteService;
import org.airouter.routing.RouteSpec;
import org.airouter.routing.Target;
import org.airouter.routing.TargetSpec;
import org.airouter.routing.Timeouts;
import java.util.function.Function;
import org.airouter.validation.Problem;

/**
 * The route form's fields, every one the admin API and the config file have: the route's own, its targets (added,
 * removed and moved on the page) and its failover settings. The entity never reaches the page.
 */
public class RouteForm implements Serializable {
  private static final long serialVersionUID = 1L;

  private String name;
  private String match = MatchKind.EXACT.id();
  private String pattern;
  private boolean isDefault;
  private boolean enabled = true;
  private final List<TargetForm> targets = new ArrayList<>(List.of(TargetForm.named(TargetSpec.IMPLICIT_NAME)));
  private int maxAttempts = Failover.DEFAULT_MAX_ATTEMPTS;
  private boolean retryOnTimeout;
  private String fallbacks;         // route names, comma-separated
  private String sticky;
  private String timeouts;          // "totalMs = 60000" lines
  private Integer keepaliveAfterMs;

  /** @param keyHints the stored keys as RouteService.keyHint shows them, target by target */
  static RouteForm of(Route route, Function<Target, String> keyHints) {
    RouteForm form = new RouteForm();
    form.name = route.name();
    form.match = route.matchKind().id();
    form.pattern = route.pattern();
    form.isDefault = route.isDefault();
    form.enabled = route.enabled();
    form.targets.clear();
    for (Target target : route.targets()) form.targets.add(TargetForm.of(target, keyHints.apply(target)));
    Failover f = route.failover();
    form.maxAttempts = f.maxAttempts();
    form.retryOnTimeout = f.retryOnTimeout();
    form.fallbacks = String.join(", ", f.fallbacks());
    form.sticky = f.sticky();
    form.timeouts = TargetForm.formatTimeouts(f.timeouts());
    form.keepaliveAfterMs = f.keepaliveAfterMs();
    return form;
  }

  /** A new target at the end, named so it is unique; it starts as a copy of nothing (blank upstream). */
  void addTarget() {
    int n = targets.size() + 1;
    while (hasTarget("target-" + n)) n++;
    targets.add(TargetForm.named("target-" + n));
  }

  void removeTarget(int index) {
    if (index >= 0 && index < targets.size()) targets.remove(index);
  }

  /** Moves target {@code index} by {@code offset} places; at either end it stays put. */
  void moveTarget(int index, int offset) {
    int to = Math.max(0, Math.min(targets.size() - 1, index + offset));
    if (index < 0 || index >= targets.size() || to == index) return;
    targets.add(to, targets.remove(index));
  }

  private boolean hasTarget(String targetName) {
    return targets.stream().anyMatch(t -> targetName.equals(t.getName()));
  }

  /** @throws RouteService.InvalidRoute when a line cannot be read, naming the field and the line, with every rule */
  RouteSpec toSpec() {
    List<Problem> problems = new ArrayList<>();
    List<TargetSpec> targetSpecs = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      targetSpecs.add(targets.get(i).toSpec(targets.size() == 1 ? "" : "targets[" + i + "].", problems));
    }
    List<String> fallbackNames = fallbacks == null || fallbacks.isBlank() ? List.of()
        : Arrays.stream(fallbacks.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    Timeouts routeTimeouts = TargetForm.parseTimeouts(timeouts, "timeouts", problems);
    RouteSpec spec = new RouteSpec(trim(name), MatchKind.byId(match).orElse(null), trim(pattern), isDefault, enabled,
        targetSpecs, new Failover(maxAttempts, retryOnTimeout, fallbackNames, sticky, routeTimeouts, keepaliveAfterMs));
    if (!problems.isEmpty()) {
      problems.addAll(spec.problems());   // every field's error at once, not the lines first and the rest next time
      throw new RouteService.InvalidRoute(problems);
    }
    return spec;
  }

  private static String trim(String s) { return s == null ? null : s.trim(); }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getMatch() { return match; }
  public void setMatch(String match) { this.match = match; }
  public String getPattern() { return pattern; }
  public void setPattern(String pattern) { this.pattern = pattern; }
  public boolean isDefault() { return isDefault; }
  public boolean getIsDefault() { return isDefault; }
  public void setIsDefault(boolean isDefault) { this.isDefault = isDefault; }
  public boolean isEnabled() { return enabled; }
  public void setEnabled(boolean enabled) { this.enabled = enabled; }
  public List<TargetForm> getTargets() { return targets; }
  public int getMaxAttempts() { return maxAttempts; }
  public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
  public boolean isRetryOnTimeout() { return retryOnTimeout; }
  public void setRetryOnTimeout(boolean retryOnTimeout) { this.retryOnTimeout = retryOnTimeout; }
  public String getFallbacks() { return fallbacks; }
  public void setFallbacks(String fallbacks) { this.fallbacks = fallbacks; }
  public String getSticky() { return sticky; }
  public void setSticky(String sticky) { this.sticky = sticky; }
  public String getTimeouts() { return timeouts; }
  public void setTimeouts(String timeouts) { this.timeouts = timeouts; }
  public Integer getKeepaliveAfterMs() { return keepaliveAfterMs; }
  public void setKeepaliveAfterMs(Integer keepaliveAfterMs) { this.keepaliveAfterMs = keepaliveAfterMs; }
}
