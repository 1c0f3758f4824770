package org.airouter.routing;

import org.airouter.provider.Upstream;
import org.airouter.secrets.Redactor;

/**
 * One target as the hot path sees it: the upstream with its key opened, how it ranks, its timeouts, and the rule that
 * takes its secrets out of what its upstream says.
 *
 * @param upstreamModel the model name sent upstream instead of the requested one; null to send the requested one
 * @param timeouts      null fields: the route's, then the global defaults
 */
public record ActiveTarget(String name, Upstream upstream, String upstreamModel, int priority, int weight,
                           boolean enabled, Timeouts timeouts, Redactor redactor) {

  static ActiveTarget of(Target target, Upstream upstream) {
    return new ActiveTarget(target.name(), upstream, blankToNull(target.upstreamModel()), target.priority(),
        target.weight(), target.enabled(), target.timeouts(),
        Redactor.of(upstream.apiKey(), upstream.headers(), upstream.query()));
  }

  /** The model name sent upstream: this target's rewrite, if it has one. */
  public String upstreamModelFor(String requested) { return upstreamModel != null ? upstreamModel : requested; }

  private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }
}
