package org.airouter.proxy;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.failover.AttemptOutcome;
import org.airouter.failover.AttemptPlan;
import org.airouter.failover.AttemptStep;
import org.airouter.failover.KeepaliveSchedule;
import org.airouter.failover.StreamShape;
import org.airouter.routing.ActiveRoute;
import org.airouter.routing.ActiveTarget;
import org.airouter.wire.OpenAiError;
import org.airouter.wire.Sse;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;

/**
 * The attempts of one client request: what its {@link AttemptPlan} says to do next (an attempt now, one after a wait
 * on the scheduler, or the end), each attempt's upstream call and relay, how a failure before the commit point turns
 * into the next attempt, each attempt's timeouts, and the keepalives of a held stream. The exchange keeps the client's
 * side: the request, the errors it is answered with, the usage record.
 */
final class AttemptLoop {
  private static final Logger LOG = Logger.getLogger(AttemptLoop.class.getName());
  /** The head a client's stream opens with at the keepalive point when no upstream head is held to give it. */
  private static final AnswerQueue.Head OPEN_HEAD =
      new AnswerQueue.Head(200, List.of(), Sse.CONTENT_TYPE + "; charset=utf-8", -1);

  private final Proxy proxy;
  private final ProxyExchange exchange;
  private final HttpServletResponse response;
  private final UpstreamCalls calls;
  private final ActiveRoute route;              // the route the model matched
  private final AttemptPlan plan;
  private final StreamShape streamShape;
  private final boolean holdStreams;
  private final KeepaliveSchedule keepalives;   // a held stream's, when the client asked for one; else null
  private final String requestedModel;

  private ActiveRoute attemptRoute;             // the current attempt's (the matched one, or a fallback)
  private volatile ActiveTarget target;         // the current attempt's target
  private volatile String upstreamModel;
  private volatile long startedAt = System.nanoTime();
  private volatile ResponseRelay relay;

  AttemptLoop(Proxy proxy, ProxyExchange exchange, HttpServletResponse response, UpstreamCalls calls,
              ActiveRoute route, AttemptPlan plan, StreamShape streamShape, boolean holdStreams, boolean streaming,
              String requestedModel) {
    this.proxy = proxy;
    this.exchange = exchange;
    this.response = response;
    this.calls = calls;
    this.route = route;
    this.plan = plan;
    this.streamShape = streamShape;
    this.holdStreams = holdStreams;
    this.requestedModel = requestedModel;
    int keepaliveAfterMs = route.failover().keepaliveAfterMsOrDefault();
    this.keepalives = holdStreams && streaming && keepaliveAfterMs > 0
        ? new KeepaliveSchedule(Instant.now(), Duration.ofMillis(keepaliveAfterMs),
            Duration.ofMillis(proxy.settings().keepaliveIntervalMs()), plan.deadline(), streamShape)
        : null;
  }

  void start() throws IOException { next(plan.first()); }

  /** No attempt follows (a refusal, the client left): frees a probe permit the plan may hold. */
  void abandon() { plan.abandon(); }

  int attempts() { return plan.attempts(); }

  /** The current (or last) attempt's target; null before the first. */
  ActiveTarget target() { return target; }

  String upstreamModel() { return upstreamModel; }

  /** The current attempt's route: the matched one or a fallback; null before the first attempt. */
  ActiveRoute attemptRoute() { return attemptRoute; }

  /** The current attempt's relay; null before the first upstream call. */
  ResponseRelay relay() { return relay; }

  /** Whether keepalives opened the client's stream before any answer (the errors are then last frames). */
  boolean opened() {
    ResponseRelay r = relay;
    return r != null && r.opened();
  }

  /** The plan's next step: an attempt now, one after a wait (on the scheduler, never on this thread), or the end. */
  private void next(AttemptStep step) throws IOException {
    if (step instanceof AttemptStep.Attempt a) {
      if (a.waitBefore().isZero()) {
        attempt(a);
        return;
      }
      proxy.watchdog().watchWaiting(exchange);   // a shutdown drain waits for it, or ends it
      proxy.scheduler().schedule(() -> {
        if (!proxy.watchdog().releaseWaiting(exchange)) return;   // the shutdown ended it meanwhile
        try {
          attempt(a);
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.SEVERE, "Request " + exchange.requestId() + " failed in the router", e);
          plan.abandon();
          exchange.failQuietly(OpenAiError.internal(exchange.requestId()), Map.of());
        }
      }, a.waitBefore().toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    // Only plan.first() gets here: no target of the route could be tried.
    exchange.fail(OpenAiError.upstreamUnavailable(), step instanceof AttemptStep.GiveUp g ? g.headers() : Map.of());
  }

  /** One upstream call: the target's own address, key, headers and model, the body as the client sent it. */
  private void attempt(AttemptStep.Attempt a) throws IOException {
    if (exchange.clientGone()) {   // left while this attempt waited
      plan.abandon();
      exchange.leftBeforeAttempt();
      return;
    }
    attemptRoute = proxy.failovers().route(route, a.route());
    ActiveTarget t = attemptRoute.targets().stream().filter(c -> c.name().equals(a.target().name())).findFirst()
        .orElseThrow();
    target = t;
    startedAt = System.nanoTime();
    exchange.attemptStarting();
    response.setHeader("x-airouter-route", attemptRoute.name());
    response.setHeader("x-airouter-target", t.name());
    response.setHeader("x-airouter-attempts", Integer.toString(a.number()));
    upstreamModel = requestedModel == null ? null : t.upstreamModelFor(requestedModel);
    exchange.observed().attempt(a.number(), attemptRoute.name(), t.name(), t.upstream().kind().id(), upstreamModel,
        exchange.path());
    UpstreamCalls.Call call;
    try {
      call = calls.to(attemptRoute.name(), t);
    } catch (UpstreamCalls.Refused refused) {
      plan.abandon();   // a target that cannot serve this request: the client's error, no other attempt
      exchange.fail(refused.error, Map.of());
      return;
    }
    send(call);
  }

  private void send(UpstreamCalls.Call call) throws IOException {
    exchange.clientOutput();
    // An earlier attempt's keepalives opened the client's stream: this attempt's answer continues it.
    boolean opened = opened();
    ResponseRelay r = new ResponseRelay(exchange.async(), exchange.guardedResponse(), exchange, call.shape(),
        proxy.queued(), holdStreams ? streamShape : null, opened);
    relay = r;
    proxy.watchdog().watch(exchange);
    Integer connectMs = timeout(target.timeouts().connectMs(), route.failover().timeouts().connectMs());
    exchange.observed().propagate(call.request()::setHeader);
    BasicRequestProducer producer = new BasicRequestProducer(call.request(), call.entity());
    HttpClientContext context = HttpClientContext.create();
    Future<Void> future = proxy.upstream().execute(producer, r, null, context, connectMs == null ? 0 : connectMs);
    r.upstreamCall(future, context);
  }

  /** See {@link ResponseRelay.Exchange#failedBeforeCommit}: the next attempt (null), or the give-up headers. */
  Map<String, String> failedBeforeCommit(RelayOutcome outcome) {
    AttemptOutcome result = AttemptOutcomes.of(outcome);
    countAttempt(result, outcome.status());
    AttemptStep step = plan.after(result, took());
    if (step instanceof AttemptStep.Attempt a && !exchange.clientGone()) {
      try {
        next(a);
        return null;
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.SEVERE, "Request " + exchange.requestId() + ": the next attempt could not start", e);
        plan.abandon();
        return Map.of();
      }
    }
    if (step instanceof AttemptStep.Attempt) plan.abandon();
    return step instanceof AttemptStep.GiveUp g ? g.headers() : Map.of();
  }

  /** The last relay ended: health and the attempt counter hear of it. */
  void ended(RelayOutcome outcome) {
    if (outcome.clientGone() || outcome.failedBeforeCommit()) {
      plan.abandon();   // frees a probe permit; nothing when the plan already heard this attempt's failure
      if (outcome.clientGone()) countAttempt(null, 0);
    } else {
      AttemptOutcome result = AttemptOutcomes.of(outcome);
      countAttempt(result, outcome.status());
      plan.after(result, took());   // an answer, or a failure after commit: health hears of it
    }
  }

  /** @param result null: the client left during the attempt */
  private void countAttempt(AttemptOutcome result, int answeredStatus) {
    if (target == null) return;
    String outcome = result == null ? "client_gone"
        : result instanceof AttemptOutcome.Answered ? "answered"
        : result instanceof AttemptOutcome.Rejected ? "rejected"
        : result instanceof AttemptOutcome.NoResponse n ? (n.timedOut() ? "timed_out" : "no_response")
        : "failed_after_commit";
    proxy.metrics().attempt(attemptRoute.name(), target.name(), outcome);
    exchange.observed().attemptEnded(outcome, result instanceof AttemptOutcome.Rejected r ? r.status()
        : result instanceof AttemptOutcome.Answered ? answeredStatus : 0);
  }

  private Duration took() { return Duration.ofNanos(System.nanoTime() - startedAt); }

  // ---- each attempt's timeouts, for the watchdog ----

  long startedAt() { return startedAt; }

  long firstByteLimitNanos() {
    Integer ms = timeout(target.timeouts().firstByteMs(), route.failover().timeouts().firstByteMs());
    long limit = ms == null ? proxy.settings().firstByteTimeoutMs() : ms;
    // No attempt outlives the request's deadline (counted from this attempt's start).
    long left = plan.deadline().remaining().toMillis() + millis(System.nanoTime() - startedAt);
    return TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(limit, left)));
  }

  long idleLimitNanos() {
    Integer ms = timeout(target.timeouts().idleMs(), route.failover().timeouts().idleMs());
    return ms == null ? 0 : TimeUnit.MILLISECONDS.toNanos(ms);
  }

  /** A held stream with no content for its first-token timeout: cancelled, and counted as a timeout. */
  boolean firstTokenLate(long now) {
    Integer ms = timeout(target.timeouts().firstTokenMs(), route.failover().timeouts().firstTokenMs());
    ResponseRelay r = relay;
    return ms != null && r != null && now - startedAt > TimeUnit.MILLISECONDS.toNanos(ms) && r.holdingStream();
  }

  /**
   * The watchdog's tick for a held stream still waiting for content: a keepalive when one is due. Never a timer of
   * its own, and it moves no deadline (the idle clock is the upstream's activity).
   */
  void keepalive(ResponseRelay r) {
    KeepaliveSchedule k = keepalives;
    if (k != null && r.awaitingContent()) k.due(Instant.now()).ifPresent(frame -> r.keepalive(frame, OPEN_HEAD));
  }

  private static Integer timeout(Integer target, Integer route) { return target != null ? target : route; }

  private static int millis(long nanos) { return (int) Math.min(Integer.MAX_VALUE, nanos / 1_000_000); }
}
