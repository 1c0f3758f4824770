package org.airouter.failover;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.airouter.failover.AttemptOutcome.FailedAfterCommit;
import org.airouter.failover.AttemptOutcome.NoResponse;
import org.airouter.failover.AttemptOutcome.Rejected;

/**
 * One target's health on this instance: a Resilience4j circuit breaker (failure rate over a time window, open time
 * doubling per failed probe, exactly one probe when half-open) plus what Resilience4j has no notion of: three
 * consecutive failures, a {@code retry-after} cooldown that only ever extends, and the auth-failed flag.
 *
 * <p>Each attempt: {@link #tryAcquire()} (false: another request holds the half-open probe, pick another target),
 * or {@link #acquireAnyway()} when selection forced an unavailable target, then {@link #record} with its outcome, or {@link #release()} if it was abandoned (the client left). What counts:
 * no response, 408 and 5xx, and a failure after commit are failures; 401/403 opens the breaker for the auth time;
 * 429 is a success for the breaker (the target answers) and cools it; any other answer is a success.
 */
public final class TargetHealth {
  private static final Throwable FAILURE = new Exception("upstream attempt failed", null, false, false) {};
  private static final int MAX_MESSAGE = 200;

  private final TargetKey key;
  private final HealthPolicy policy;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private Instant openUntil = Instant.MIN;   // when the breaker's current open state ends (captured as it opens)
  private Instant coolUntil = Instant.MIN;
  private boolean authFailed;
  private boolean probeOut;
  private int consecutiveFailures;
  private int lastErrorStatus = -1;
  private String lastError;
  private Instant lastErrorAt;

  TargetHealth(TargetKey key, HealthPolicy policy, Clock clock) {
    this.key = key;
    this.policy = policy;
    this.clock = clock;
    // Resilience4j computes each open time through this function as the breaker opens: noting the end here gives
    // the console the same instant the breaker will use, without reading its internals.
    IntervalFunction openTimes = n -> {
      long millis = policy.openMillis(n);
      synchronized (this) { openUntil = clock.instant().plusMillis(millis); }
      return millis;
    };
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .slidingWindow((int) policy.window().toSeconds(), policy.minimumCalls(), SlidingWindowType.TIME_BASED)
        .failureRateThreshold(policy.failureRatePercent())
        .waitIntervalFunctionInOpenState(openTimes)
        .permittedNumberOfCallsInHalfOpenState(1)
        .automaticTransitionFromOpenToHalfOpenEnabled(false)   // lazily, on the next request: no scheduler thread
        .writableStackTraceEnabled(false)
        .clock(clock)
        .build();
    this.breaker = CircuitBreaker.of(key.toString(), config);
    breaker.getEventPublisher().onStateTransition(e -> {
      if (e.getStateTransition().getToState() == State.CLOSED) onClosed();
    });
  }

  /** Whether selection may pick it now; takes no permit. */
  public synchronized boolean available() {
    if (!clock.instant().isAfter(recoversAt())) return false;   // as Resilience4j: strictly after the instant
    return !(breaker.getState() == State.HALF_OPEN && probeOut);
  }

  /** The instant after which it takes requests again; a past instant when it does now. */
  public synchronized Instant recoversAt() {
    Instant at = coolUntil;
    if (breaker.getState() == State.OPEN && openUntil.isAfter(at)) at = openUntil;
    return at;
  }

  /** Takes the permit for one attempt (the one probe, when half-open). False: pick another target. */
  public synchronized boolean tryAcquire() {
    if (!breaker.tryAcquirePermission()) return false;
    if (breaker.getState() == State.HALF_OPEN) probeOut = true;
    return true;
  }

  /**
   * For the target selection picked although nothing was available (it recovers soonest): an open breaker goes
   * half-open early and this attempt is its probe; if another request already holds the probe, this one goes anyway.
   */
  public synchronized void acquireAnyway() {
    if (breaker.getState() == State.OPEN) breaker.transitionToHalfOpenState();
    if (breaker.tryAcquirePermission() && breaker.getState() == State.HALF_OPEN) probeOut = true;
  }

  /** An attempt that took a permit was abandoned without an outcome (the client left): the probe is free again. */
  public synchronized void release() {
    breaker.releasePermission();
    probeOut = false;
  }

  /** Feeds one attempt's outcome; {@code took} is how long it ran. */
  public synchronized void record(AttemptOutcome outcome, Duration took) {
    probeOut = false;
    long nanos = took.toNanos();
    if (outcome instanceof Rejected r && (r.status() == 401 || r.status() == 403)) {
      noteError(r.status(), r.message());
      authFailed = true;
      consecutiveFailures = 0;
      openUntil = clock.instant().plus(policy.authOpen());
      breaker.transitionToOpenStateFor(policy.authOpen());
      return;
    }
    if (outcome instanceof Rejected r && (r.status() == 429 || r.status() == 503 || r.status() == 529)) {
      cool(r.retryAfter());
    }
    if (isFailure(outcome)) {
      noteError(outcome);
      breaker.onError(nanos, TimeUnit.NANOSECONDS, FAILURE);
      consecutiveFailures++;
      if (consecutiveFailures >= policy.consecutiveFailures() && breaker.getState() == State.CLOSED) {
        breaker.transitionToOpenState();
      }
    } else {
      if (outcome instanceof Rejected r) noteError(r.status(), r.message());   // a 429, or the client's own 4xx
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
      consecutiveFailures = 0;
    }
  }

  public synchronized HealthSnapshot snapshot() {
    Instant now = clock.instant();
    Instant at = recoversAt();
    HealthState state;
    State breakerState = breaker.getState();
    if (authFailed && breakerState != State.CLOSED) {
      state = HealthState.AUTH_FAILED;
    } else if (breakerState == State.HALF_OPEN || breakerState == State.OPEN && now.isAfter(openUntil)) {
      state = now.isAfter(coolUntil) ? HealthState.HALF_OPEN : HealthState.COOLING;
    } else if (breakerState == State.OPEN) {
      state = HealthState.OPEN;
    } else {
      state = now.isAfter(coolUntil) ? HealthState.CLOSED : HealthState.COOLING;
    }
    return new HealthSnapshot(key, state, lastErrorStatus, lastError, lastErrorAt, at.isBefore(now) ? null : at);
  }

  /** A later, longer retry-after extends the cooldown; a shorter one never shortens it (LiteLLM #40130). */
  private void cool(Optional<Duration> retryAfter) {
    Duration wait = retryAfter.orElse(policy.defaultCooldown());
    if (wait.compareTo(policy.maxCooldown()) > 0) wait = policy.maxCooldown();
    Instant until = clock.instant().plus(wait);
    if (until.isAfter(coolUntil)) coolUntil = until;
  }

  private void onClosed() {
    // Called by the breaker inside one of our synchronized methods, on this thread.
    authFailed = false;
    consecutiveFailures = 0;
  }

  private static boolean isFailure(AttemptOutcome outcome) {
    if (outcome instanceof NoResponse || outcome instanceof FailedAfterCommit) return true;
    return outcome instanceof Rejected r && (r.status() == 408 || r.status() >= 500);
  }

  private void noteError(AttemptOutcome outcome) {
    if (outcome instanceof Rejected r) noteError(r.status(), r.message());
    else if (outcome instanceof NoResponse n) noteError(0, n.message());
    else if (outcome instanceof FailedAfterCommit f) noteError(0, f.message());
  }

  private void noteError(int status, String message) {
    lastErrorStatus = status;
    lastError = message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
    lastErrorAt = clock.instant();
  }
}
