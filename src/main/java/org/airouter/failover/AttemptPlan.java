package org.airouter.failover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.airouter.failover.AttemptOutcome.Rejected;
import org.airouter.failover.AttemptStep.Attempt;
import org.airouter.failover.AttemptStep.Finished;
import org.airouter.failover.AttemptStep.GiveUp;

/**
 * The decisions of one client request's attempt loop, without any I/O: {@link #first()}, then {@link #after} each
 * attempt's outcome, until {@link Finished} or {@link GiveUp}. The order: targets of the matched route (by
 * {@link TargetPicker}, never one twice, no wait between them), then each fallback route's targets in turn; with
 * every route exhausted, the last target again after {@link SameTargetWait}. Never more than
 * {@code maxAttempts} calls, never past the {@link Deadline}, never a second call for a request that is not
 * {@link Replay}-safe. Every outcome feeds the target's health. One per client request; not thread-safe.
 */
public final class AttemptPlan {
  /** One route of the chain: the matched route first, then its usable fallbacks ({@link Fallbacks#order}). */
  public record RouteTargets(String route, List<Candidate> targets) {}

  private final List<RouteTargets> chain;
  private final RetryRules rules;
  private final boolean replaySafe;
  private final Deadline deadline;
  private final TargetPicker picker;
  private final SameTargetWait waits;
  private final TargetHealthRegistry health;
  private final Clock clock;
  private final String sticky;
  private final Set<TargetKey> tried = new HashSet<>();
  private int routeIndex;
  private int attempts;
  private int sameTargetRetries;
  private Attempt current;

  public AttemptPlan(List<RouteTargets> chain, RetryRules rules, boolean replaySafe, Deadline deadline,
      TargetPicker picker, SameTargetWait waits, TargetHealthRegistry health, Clock clock, String sticky) {
    this.chain = List.copyOf(chain);
    this.rules = rules;
    this.replaySafe = replaySafe;
    this.deadline = deadline;
    this.picker = picker;
    this.waits = waits;
    this.health = health;
    this.clock = clock;
    this.sticky = sticky;
  }

  public AttemptStep first() {
    Optional<Attempt> next = nextTarget();
    return next.isPresent() ? next.get() : new GiveUp(null, ClientRetryHeaders.afterRetries(comeBackIn(null)));
  }

  /** Records the current attempt's outcome and decides the next step. */
  public AttemptStep after(AttemptOutcome outcome, Duration took) {
    if (current == null) throw new IllegalStateException("no attempt in progress");
    health.of(current.target().key()).record(outcome, took);
    Attempt last = current;
    current = null;
    if (!rules.retryable(outcome) || !replaySafe) return new Finished(outcome);
    if (rules.maxAttempts() == 1) return new Finished(outcome);   // the operator left retries to the client
    if (attempts >= rules.maxAttempts() || deadline.expired()) return giveUp(outcome);
    Optional<Attempt> next = nextTarget();
    if (next.isPresent()) return next.get();
    // A rejected key stays rejected: another target may have a good one, the same target after a wait has not.
    if (outcome instanceof Rejected r && (r.status() == 401 || r.status() == 403)) return giveUp(outcome);
    Optional<Duration> retryAfter = outcome instanceof Rejected r ? r.retryAfter() : Optional.empty();
    Optional<Duration> wait = waits.before(sameTargetRetries + 1, retryAfter);
    if (wait.isEmpty() || !deadline.leavesTimeAfter(wait.get())) return giveUp(outcome);
    sameTargetRetries++;
    // No permit: this is the request's own retry, not a probe; taking one now would end an open time it just began.
    return start(last.route(), last.target(), wait.get());
  }

  /** Upstream calls made so far, for {@code x-airouter-attempts} and the usage record. */
  public int attempts() { return attempts; }

  public Deadline deadline() { return deadline; }

  /** The client left during the current attempt: frees its probe permit, records nothing. */
  public void abandon() {
    if (current != null) health.of(current.target().key()).release();
    current = null;
  }

  /**
   * The next untried target: an available one in the current route or a later one first; only when the rest of the
   * chain has none, the soonest to recover of a route not tried yet (so a route never refuses on health alone, yet
   * a healthy fallback is preferred to forcing a target known to be down).
   */
  private Optional<Attempt> nextTarget() {
    for (boolean force : new boolean[] {false, true}) {
      for (int i = routeIndex; i < chain.size(); i++) {
        Optional<Attempt> attempt = pickIn(chain.get(i), force);
        if (attempt.isPresent()) {
          routeIndex = i;
          return attempt;
        }
      }
    }
    routeIndex = chain.size();
    return Optional.empty();
  }

  private Optional<Attempt> pickIn(RouteTargets route, boolean force) {
    Set<String> excluded = new HashSet<>();
    for (TargetKey key : tried) {
      if (key.route().equals(route.route())) excluded.add(key.target());
    }
    while (true) {
      Optional<Candidate> picked = force ? picker.pick(route.targets(), excluded, health, sticky)
          : picker.pickAvailable(route.targets(), excluded, health, sticky);
      if (picked.isEmpty()) return Optional.empty();
      Candidate target = picked.get();
      TargetHealth targetHealth = health.of(target.key());
      if (!health.available(target.key())) {
        targetHealth.acquireAnyway();   // forced: nothing in the chain is available, it recovers soonest
      } else if (!targetHealth.tryAcquire()) {
        excluded.add(target.name());   // another request took its probe meanwhile
        continue;
      }
      return Optional.of(start(route.route(), target, Duration.ZERO));
    }
  }

  private Attempt start(String route, Candidate target, Duration wait) {
    attempts++;
    tried.add(target.key());
    current = new Attempt(attempts, route, target, wait);
    return current;
  }

  private GiveUp giveUp(AttemptOutcome last) {
    Duration hint = last instanceof Rejected r ? r.retryAfter().orElse(null) : null;
    return new GiveUp(last, ClientRetryHeaders.afterRetries(comeBackIn(hint)));
  }

  /** The upstream's own hint, else when the soonest target of the chain recovers, else null (1 s). */
  private Duration comeBackIn(Duration hint) {
    if (hint != null) return hint;
    Instant now = clock.instant();
    Instant soonest = null;
    for (RouteTargets route : chain) {
      for (Candidate c : route.targets()) {
        if (!c.enabled()) continue;
        Instant at = health.recoversAt(c.key());
        if (!at.isAfter(now)) return null;   // one is available now: come back at once (1 s)
        if (soonest == null || at.isBefore(soonest)) soonest = at;
      }
    }
    return soonest == null ? null : Duration.between(now, soonest);
  }
}
